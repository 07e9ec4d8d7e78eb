namespace PresenceGrains.Platform;

/// <summary>
/// What to subscribe to: agents at user scope and devices at device scope, each with explicit state types.
/// There is deliberately no way to express <c>global</c> here, and <see cref="Subscriptions.SubscriptionGuard"/> refuses
/// <c>all</c> and empty id lists before anything is sent.
/// </summary>
public sealed record WatchSubscription(
    IReadOnlyCollection<string> AgentIds,
    IReadOnlyCollection<string> DeviceIds)
{
    /// <summary>The user state types of seed §1.</summary>
    public static readonly IReadOnlyList<string> UserStateTypes = ["available", "notReady", "onCall", "wrapUp", "offline"];

    /// <summary>The device state types of seed §1, plus the engagement states a device reports during a call.</summary>
    public static readonly IReadOnlyList<string> DeviceStateTypes = ["online", "offline", "ringing", "inUse", "onCall", "wrapUp", "notReady", "available"];

    /// <summary>The user state types to ask for; by default every routing state (<see cref="UserStateTypes"/>).</summary>
    public IReadOnlyList<string> UserStates { get; init; } = UserStateTypes;

    /// <summary>The device state types to ask for; by default <see cref="DeviceStateTypes"/>.</summary>
    public IReadOnlyList<string> DeviceStates { get; init; } = DeviceStateTypes;
}
