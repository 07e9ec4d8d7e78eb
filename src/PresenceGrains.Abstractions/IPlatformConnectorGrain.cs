namespace PresenceGrains.Abstractions;

/// <summary>
/// The one owner of a tenant's platform channel (at most one live channel per tenant in the cluster). Key: tenant id.
/// Channel health changes are published on <see cref="PresenceStreams.ChannelNamespace"/>.
/// </summary>
public interface IPlatformConnectorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the channel runs (idempotent); the connector's reminder calls it too, after a crash or failover.</summary>
    Task EnsureRunningAsync();

    /// <summary>The channel's health now.</summary>
    Task<ChannelHealth> GetHealthAsync();

    /// <summary>The watched agents and devices.</summary>
    Task<WatchSet> GetWatchAsync();

    /// <summary>Whether an agent is in the watched set (cheap: no copy of the set).</summary>
    Task<bool> IsWatchedAsync(string agentId);

    /// <summary>Replaces the watched set, persists it and re-subscribes (snapshot first, then deltas).</summary>
    Task SetWatchAsync(WatchSet watch);

    /// <summary>Disconnection windows that overlap [from, to].</summary>
    Task<IReadOnlyList<DisconnectionWindow>> GetDisconnectionsAsync(DateTimeOffset from, DateTimeOffset to);
}
