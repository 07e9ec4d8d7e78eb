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
}
