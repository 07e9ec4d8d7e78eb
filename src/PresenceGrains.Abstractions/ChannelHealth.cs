namespace PresenceGrains.Abstractions;

/// <summary>The state of a tenant's platform channel, as readers see it. Holds the token's expiry, never the token.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.ChannelHealth")]
public sealed record ChannelHealth(
    [property: Id(0)] string TenantId,
    [property: Id(1)] ChannelConnection Connection,
    [property: Id(2)] Freshness Freshness,
    [property: Id(3)] DateTimeOffset? ConnectedSince,
    [property: Id(4)] DateTimeOffset? LastHeartbeat,
    [property: Id(5)] int ReconnectAttempts,
    [property: Id(6)] long Reconnects,
    [property: Id(7)] DateTimeOffset? TokenExpiresAt,
    [property: Id(8)] ChannelAnomalies Anomalies,
    [property: Id(9)] IReadOnlyList<DisconnectionWindow> RecentDisconnections,
    [property: Id(10)] DateTimeOffset ObservedAt);

/// <summary>Where the channel is in its life.</summary>
public enum ChannelConnection
{
    /// <summary>No channel runs (nothing watched, or the connector stopped).</summary>
    Stopped = 0,
    /// <summary>Opening the first connection.</summary>
    Connecting = 1,
    /// <summary>Subscribed, heartbeats arriving.</summary>
    Connected = 2,
    /// <summary>Open, but heartbeats are overdue.</summary>
    Stale = 3,
    /// <summary>Lost, being opened again with backoff.</summary>
    Reconnecting = 4,
}

/// <summary>A window during which the channel was down: what WFM needs to tell real idle time from a lost connection.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.DisconnectionWindow")]
public sealed record DisconnectionWindow(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string Cause)
{
    /// <summary>How long the channel was down.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>Counters of everything that went against the happy path on a tenant's channel.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.ChannelAnomalies")]
public sealed record ChannelAnomalies(
    [property: Id(0)] long DeltasReceived,
    [property: Id(1)] long Malformed,
    [property: Id(2)] long SchemaInvalid,
    [property: Id(3)] long Oversized,
    [property: Id(4)] long Shed,
    [property: Id(5)] long StaleDeltas,
    [property: Id(6)] long Duplicates,
    [property: Id(7)] long InversionsHeld,
    [property: Id(8)] long CompositeDisagreements,
    [property: Id(9)] long TokenRefreshes);
