using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Subscriptions;

/// <summary>
/// The wire subscription for a <see cref="WatchSubscription"/>: agents at user scope, devices at device scope, each with
/// its explicit state types. The device scope is left out when no device is known yet (an empty filter is refused).
/// </summary>
internal static class SubscriptionRequestFactory
{
    public static SubscriptionRequest Create(WatchSubscription watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        var subscriptions = new List<Subscription>
        {
            new("user", new SubscriptionFilter([.. watch.AgentIds ?? []]), [.. watch.UserStates ?? []]),
        };

        if (watch.DeviceIds is { Count: > 0 } devices)
        {
            subscriptions.Add(new Subscription("device", new SubscriptionFilter([.. devices]), [.. watch.DeviceStates ?? []]));
        }

        return new SubscriptionRequest(subscriptions);
    }
}
