using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Subscriptions;

/// <summary>
/// The wire subscription for a <see cref="WatchSubscription"/>: agents at user scope, devices at device scope, each with
/// its explicit state types. The device scope is left out when no device is known yet (an empty filter is refused).
/// A scope with more ids than one filter may hold is split into several entries of the same scope.
/// </summary>
internal static class SubscriptionRequestFactory
{
    /// <summary>The most ids one filter holds (<c>subscription.schema.json</c>: <c>filter.ids.maxItems</c>).</summary>
    public const int MaxIdsPerFilter = 200_000;

    public static SubscriptionRequest Create(WatchSubscription watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        var subscriptions = Entries("user", watch.AgentIds ?? [], watch.UserStates ?? []).ToList();
        if (watch.DeviceIds is { Count: > 0 } devices)
        {
            subscriptions.AddRange(Entries("device", devices, watch.DeviceStates ?? []));
        }

        return new SubscriptionRequest(subscriptions);
    }

    /// <summary>One entry per <see cref="MaxIdsPerFilter"/> ids; one (possibly empty, and then refused by the guard) for none.</summary>
    private static IEnumerable<Subscription> Entries(string scope, IReadOnlyCollection<string> ids, IReadOnlyList<string> states) =>
        ids.Count == 0
            ? [new Subscription(scope, new SubscriptionFilter([]), [.. states])]
            : ids.Chunk(MaxIdsPerFilter).Select(chunk => new Subscription(scope, new SubscriptionFilter(chunk), [.. states]));
}
