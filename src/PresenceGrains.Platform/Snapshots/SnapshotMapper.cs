using PresenceGrains.Domain.Resolution;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Snapshots;

/// <summary>Turns a validated REST snapshot (seed §4) into the Domain's authoritative <see cref="AgentSnapshot"/>.</summary>
internal static class SnapshotMapper
{
    public static AgentSnapshot ToDomain(UserSnapshot user, DateTimeOffset takenAt) => new(
        user.UserId,
        new SnapshotSource(Signal(user.State), user.LastUpdated),
        user.Devices.Select(d => new SnapshotDevice(d.DeviceId, Signal(d.State), d.LastUpdated)).ToList(),
        takenAt);

    // The schema admits only known states, so an unknown one here is a schema/Domain mismatch, not bad input.
    private static PresenceSignal Signal(string wire) =>
        SignalClaims.Parse(wire) ?? throw new InvalidOperationException($"State '{wire}' passed the schema but the Domain does not know it.");
}
