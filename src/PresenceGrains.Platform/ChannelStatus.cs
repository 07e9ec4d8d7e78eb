namespace PresenceGrains.Platform;

/// <summary>The channel's health, as the API shows it. Holds the token's expiry, never the token.</summary>
public sealed record ChannelStatus(
    ChannelState State,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? LastMessage,
    int ReconnectAttempts,
    long Reconnects,
    DateTimeOffset? TokenExpiresAt,
    long TokenRefreshes,
    ChannelCounters Counters,
    IReadOnlyList<DisconnectionRecord> RecentDisconnections);

/// <summary>Counts of what the channel received and rejected.</summary>
public sealed record ChannelCounters(
    long Deltas,
    long Heartbeats,
    long Malformed,
    long SchemaInvalid,
    long Oversized,
    long Shed);

/// <summary>One closed disconnection window.</summary>
public sealed record DisconnectionRecord(DateTimeOffset Start, DateTimeOffset End, string Cause)
{
    public TimeSpan Duration => End - Start;
}
