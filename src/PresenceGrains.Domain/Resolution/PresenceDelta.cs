namespace PresenceGrains.Domain.Resolution;

/// <summary>
/// One input to the state machine: a user-level state when <see cref="DeviceId"/> is null, else a device signal.
/// </summary>
public sealed record PresenceDelta(
    string AgentId,
    string? DeviceId,
    PresenceSignal Signal,
    DateTimeOffset LastUpdated,
    string? Reason = null)
{
    public bool IsUserLevel => DeviceId is null;
}
