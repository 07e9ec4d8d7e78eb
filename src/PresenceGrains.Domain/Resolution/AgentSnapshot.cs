namespace PresenceGrains.Domain.Resolution;

/// <summary>An authoritative REST read of one agent (seed §4): the user level and every device it lists.</summary>
public sealed record AgentSnapshot(
    string AgentId,
    SnapshotSource? User,
    IReadOnlyList<SnapshotDevice> Devices,
    DateTimeOffset TakenAt);

/// <summary>The user-level part of a snapshot.</summary>
public sealed record SnapshotSource(PresenceSignal Signal, DateTimeOffset LastUpdated);

/// <summary>One device of a snapshot.</summary>
public sealed record SnapshotDevice(string DeviceId, PresenceSignal Signal, DateTimeOffset LastUpdated);
