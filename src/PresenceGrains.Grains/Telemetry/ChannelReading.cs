using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>What a connector shows of its channel to this silo's <see cref="ActiveChannels"/> at a metric collection.</summary>
/// <param name="LastHeartbeat">The platform's last heartbeat; before the first one, when the channel was subscribed; null when neither.</param>
/// <param name="Shed">Deltas the platform client shed since the connector activated, over all its channel runs.</param>
public readonly record struct ChannelReading(ChannelConnection Connection, DateTimeOffset? LastHeartbeat, long Shed);
