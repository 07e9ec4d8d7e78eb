using Orleans.Concurrency;

namespace PresenceGrains.Abstractions;

/// <summary>
/// Whether a tenant watches an agent, answered by the silo that takes the call from its own copy of the watched set:
/// the same check the HTTP API makes before it answers 404, so a client can tell "not routable" from "unknown" without
/// asking (or activating) the tenant's connector. Key: tenant id.
/// </summary>
[Alias("PresenceGrains.IWatchedAgentsGrain")]
public interface IWatchedAgentsGrain : IGrainWithStringKey
{
    /// <summary>Whether the agent is watched, or the tenant watches nothing at all (a tenant the service does not know).</summary>
    /// <param name="agentId">The platform's user id.</param>
    [AlwaysInterleave, Alias("FindAsync")]
    Task<WatchMembership> FindAsync(string agentId);

    /// <summary>How many agents the tenant watches; 0 for a tenant the service does not know.</summary>
    [AlwaysInterleave, Alias("CountAsync")]
    Task<int> CountAsync();
}
