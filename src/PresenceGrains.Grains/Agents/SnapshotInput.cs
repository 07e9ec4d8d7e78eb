using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>An authoritative REST snapshot for one agent, and the channel freshness to report with it.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.SnapshotInput")]
public sealed record SnapshotInput(
    [property: Id(0)] DeviceState? UserState,
    [property: Id(1)] DateTimeOffset? UserLastUpdated,
    [property: Id(2)] IReadOnlyList<DevicePresence> Devices,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] Freshness Freshness);

/// <summary>
/// What a snapshot did to an agent: the composite before and after, so the connector can send corrections, and the
/// agent's latest publication (sequence 0: none yet) for the tenant directory. Id 3 was the publication's sequence alone:
/// an answer from a silo of an earlier version has no publication, and the directory is not told of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.SnapshotOutcome")]
public sealed record SnapshotOutcome(
    [property: Id(0)] AgentState Before,
    [property: Id(1)] AgentState After,
    [property: Id(2)] bool Changed,
    [property: Id(4)] AgentPresence? Published);
