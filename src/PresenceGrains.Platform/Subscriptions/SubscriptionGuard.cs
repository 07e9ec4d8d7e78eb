using System.Text.Json;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Subscriptions;

/// <summary>
/// Refuses, locally and before anything is sent, the subscriptions seed §1 warns against: the <c>global</c> scope,
/// <c>stateTypes: ["all"]</c>, and a subscription without a filter or with an empty one. Each would flood the channel
/// with internal noise until the buffers overflow and real transitions are lost.
/// </summary>
public static class SubscriptionGuard
{
    private const string UserScope = "user";
    private const string DeviceScope = "device";

    /// <summary>Throws <see cref="SubscriptionRefusedException"/> naming the first problem; returns when it is safe.</summary>
    public static void EnsureSafe(SubscriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subscriptions is not { Count: > 0 } subscriptions)
        {
            throw new SubscriptionRefusedException("it contains no subscription; name the agents (user scope) and devices (device scope) to watch.");
        }

        foreach (var subscription in subscriptions)
        {
            CheckOne(subscription);
        }

        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.SubscriptionRequest));
        var validation = ProtocolSchemas.Validate(SchemaKind.Subscription, document.RootElement);
        if (!validation.IsValid)
        {
            throw new SubscriptionRefusedException($"it does not match the subscription schema: {validation.Describe()}");
        }
    }

    private static void CheckOne(Subscription subscription)
    {
        var scope = subscription.Type;
        if (string.Equals(scope, "global", StringComparison.OrdinalIgnoreCase))
        {
            throw new SubscriptionRefusedException(
                "the 'global' scope pushes every internal transition of the tenant (routing calculations, queue positions, SIP dialog states); subscribe to user and device scopes with explicit ids.");
        }

        var allowed = scope switch
        {
            UserScope => WatchSubscription.UserStateTypes,
            DeviceScope => WatchSubscription.DeviceStateTypes,
            _ => throw new SubscriptionRefusedException($"unknown scope '{scope}'; only 'user' and 'device' are allowed."),
        };

        if (subscription.Filter is null)
        {
            throw new SubscriptionRefusedException($"the {scope} subscription has no filter; an unfiltered subscription floods the channel. List the ids to watch.");
        }

        if (subscription.Filter.Ids is not { Count: > 0 } ids)
        {
            throw new SubscriptionRefusedException($"the {scope} subscription's filter has no ids; list at least one {scope} id to watch.");
        }

        if (ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new SubscriptionRefusedException($"the {scope} subscription's filter contains a blank id.");
        }

        if (subscription.StateTypes is not { Count: > 0 } stateTypes)
        {
            throw new SubscriptionRefusedException($"the {scope} subscription declares no stateTypes; declare the exact states wanted ({string.Join(", ", allowed)}).");
        }

        if (stateTypes.Any(t => string.Equals(t, "all", StringComparison.OrdinalIgnoreCase)))
        {
            throw new SubscriptionRefusedException(
                $"the {scope} subscription asks for stateTypes 'all', which serialises every internal transition; declare the exact states wanted ({string.Join(", ", allowed)}).");
        }

        var unknown = stateTypes.Where(t => !allowed.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new SubscriptionRefusedException(
                $"the {scope} subscription asks for unknown state types ({string.Join(", ", unknown)}); allowed: {string.Join(", ", allowed)}.");
        }
    }
}
