using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Benchmarks.Resolver;

/// <summary>A delta and the instant the connector hands it to the agent.</summary>
public readonly record struct DeliveredDelta(PresenceDelta Delta, DateTimeOffset DeliveredAt);
