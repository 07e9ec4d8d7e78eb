namespace PresenceGrains.Platform;

/// <summary>The channel's health, as the API shows it. Holds the token's expiry, never the token.</summary>
/// <param name="ReconnectAttempts">Failed connection attempts since the channel was last subscribed.</param>
/// <param name="Reconnects">Times the channel came back after being lost.</param>
/// <param name="NextReconnectAt">When the next connection attempt is due, while one is scheduled.</param>
/// <param name="TokenRefreshes">Tokens obtained to replace an earlier one (expiring, expired or rejected).</param>
public sealed record ChannelStatus(
    ChannelState State,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? LastMessage,
    int ReconnectAttempts,
    long Reconnects,
    DateTimeOffset? NextReconnectAt,
    DateTimeOffset? TokenExpiresAt,
    long TokenRefreshes,
    ChannelCounters Counters,
    IReadOnlyList<DisconnectionRecord> RecentDisconnections);

/// <summary>Counts of what the channel received and rejected.</summary>
/// <param name="Deltas">Valid deltas received (shed ones included).</param>
/// <param name="Malformed">Frames that were not JSON text.</param>
/// <param name="SchemaInvalid">JSON frames that failed their schema or named no known event.</param>
/// <param name="Oversized">Frames over the size limit, discarded unread.</param>
/// <param name="Shed">Deltas dropped because the consumer fell behind; their agents were sent in ResnapshotRequired.</param>
/// <param name="ErrorFrames">Error frames from the platform (401 token expired, 400 bad subscription).</param>
public sealed record ChannelCounters(
    long Deltas,
    long Heartbeats,
    long Malformed,
    long SchemaInvalid,
    long Oversized,
    long Shed,
    long ErrorFrames);

/// <summary>One closed disconnection window.</summary>
public sealed record DisconnectionRecord(DateTimeOffset Start, DateTimeOffset End, string Cause)
{
    public TimeSpan Duration => End - Start;
}
