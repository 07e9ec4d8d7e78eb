using Orleans.Concurrency;

namespace PresenceGrains.Abstractions;

/// <summary>
/// A tenant's presence directory: every watched agent's latest published presence, kept current from the tenant stream.
/// Key: tenant id.
/// </summary>
[Alias("PresenceGrains.ITenantPresenceGrain")]
public interface ITenantPresenceGrain : IGrainWithStringKey
{
    /// <summary>The agents that match, ordered by agent id.</summary>
    [AlwaysInterleave, Alias("ListAsync")]
    Task<IReadOnlyList<AgentPresence>> ListAsync(AgentFilter filter);

    /// <summary>
    /// Every agent's latest publication exactly as published, ordered by agent id: without what <see cref="ListAsync"/>
    /// lays over it on the silo that reads (Reconnecting while the connector is lost or the agent unreachable), which keeps
    /// the publication's sequence. For a subscriber that keeps publications by sequence and fills in what its stream lost:
    /// an overlay taken as a publication would hide the agent's own later state at the same sequence.
    /// </summary>
    [AlwaysInterleave, Alias("ListPublishedAsync")]
    Task<IReadOnlyList<AgentPresence>> ListPublishedAsync();
}
