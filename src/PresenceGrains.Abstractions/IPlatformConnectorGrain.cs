using Orleans.Concurrency;

namespace PresenceGrains.Abstractions;

/// <summary>
/// The one owner of a tenant's platform channel (at most one live channel per tenant in the cluster). Key: tenant id.
/// Channel health changes are published on <see cref="PresenceStreams.ChannelNamespace"/>.
/// </summary>
/// <remarks>Reads interleave with everything and answer from memory: health never waits behind a watch change or a snapshot.</remarks>
[Alias("PresenceGrains.IPlatformConnectorGrain")]
public interface IPlatformConnectorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the channel runs (idempotent); the connector's reminder calls it too, after a crash or failover.</summary>
    [Alias("EnsureRunningAsync")]
    Task EnsureRunningAsync();

    /// <summary>The channel's health now, in constant time (no call to any agent).</summary>
    [AlwaysInterleave, Alias("GetHealthAsync")]
    Task<ChannelHealth> GetHealthAsync();

    /// <summary>The watched agents and devices.</summary>
    [AlwaysInterleave, Alias("GetWatchAsync")]
    Task<WatchSet> GetWatchAsync();

    /// <summary>Whether an agent is in the watched set (cheap: no copy of the set).</summary>
    [AlwaysInterleave, Alias("IsWatchedAsync")]
    Task<bool> IsWatchedAsync(string agentId);

    /// <summary>Replaces the watched set, persists it in rows of its own and re-subscribes (every agent read from REST, beside the live deltas).</summary>
    [Alias("SetWatchAsync")]
    Task SetWatchAsync(WatchSet watch);

    /// <summary>Disconnection windows that overlap [from, to], from the tenant's history.</summary>
    [AlwaysInterleave, Alias("GetDisconnectionsAsync")]
    Task<IReadOnlyList<DisconnectionWindow>> GetDisconnectionsAsync(DateTimeOffset from, DateTimeOffset to);
}
