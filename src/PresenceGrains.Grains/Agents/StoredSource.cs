using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>One cached source (the user level when <see cref="DeviceId"/> is null), as persisted.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("PresenceGrains.StoredSource")]
public sealed record StoredSource(
    [property: Id(0)] string? DeviceId,
    [property: Id(1)] DeviceState State,
    [property: Id(2)] DateTimeOffset LastUpdated,
    [property: Id(3)] bool Decayed);
