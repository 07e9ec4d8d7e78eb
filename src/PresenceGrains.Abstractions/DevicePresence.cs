namespace PresenceGrains.Abstractions;

/// <summary>One device of an agent as last reported by the platform.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("PresenceGrains.DevicePresence")]
public sealed record DevicePresence(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] DeviceState State,
    [property: Id(2)] DateTimeOffset LastUpdated);
