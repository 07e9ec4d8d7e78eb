namespace PresenceGrains.Platform;

/// <summary>
/// What to subscribe to: agents at user scope and devices at device scope, each with explicit state types.
/// There is deliberately no way to express <c>global</c> or <c>all</c> here; see <see cref="SubscriptionGuard"/>.
/// </summary>
public sealed record WatchSubscription(
    IReadOnlyCollection<string> AgentIds,
    IReadOnlyCollection<string> DeviceIds)
{
    /// <summary>The user state types of seed §1.</summary>
    public static readonly IReadOnlyList<string> UserStateTypes = ["available", "notReady", "onCall", "wrapUp", "offline"];

    /// <summary>The device state types of seed §1, plus the engagement states a device reports during a call.</summary>
    public static readonly IReadOnlyList<string> DeviceStateTypes = ["online", "offline", "ringing", "inUse", "onCall", "wrapUp", "notReady", "available"];
}
