namespace PresenceGrains.Abstractions;

/// <summary>One device as its agent resolved it: its last signal, whether it is reachable, and the channel's freshness.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.DeviceReading")]
public sealed record DeviceReading(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] string AgentId,
    [property: Id(3)] DeviceState State,
    [property: Id(4)] bool Reachable,
    [property: Id(5)] DateTimeOffset LastUpdated,
    [property: Id(6)] Freshness Freshness);
