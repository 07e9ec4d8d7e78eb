using PresenceGrains.Abstractions;

namespace PresenceGrains.Client;

/// <summary>
/// What a router asks the presence service. Every method throws <see cref="PresenceClusterUnreachableException"/> when
/// no gateway answers, <see cref="PresenceTenantNotFoundException"/> for a tenant that watches nothing, and
/// <see cref="PresenceAgentNotFoundException"/> for an agent the tenant does not watch. Reads never wait behind the
/// service's writes.
/// </summary>
public interface IPresenceClient
{
    /// <summary>True only when the agent is Available, Fresh and reachable on a device: ask it just before offering a call.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="agentId">The platform's user id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    Task<bool> IsRoutableAsync(string tenantId, string agentId, CancellationToken cancellationToken = default);

    /// <summary>The agent's resolved presence: state, routable, freshness, devices, sequence.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="agentId">The platform's user id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    Task<AgentPresence> GetAsync(string tenantId, string agentId, CancellationToken cancellationToken = default);

    /// <summary>Every routable agent of the tenant, ordered by agent id (one call, to the tenant's directory).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    Task<IReadOnlyList<AgentPresence>> ListRoutableAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's agents that match a filter, ordered by agent id.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="filter">State and routable filters; <see cref="AgentFilter.All"/> for every watched agent.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    Task<IReadOnlyList<AgentPresence>> ListAsync(string tenantId, AgentFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's published changes from now on, optionally only some agents'. The feed outlives a lost gateway: it
    /// subscribes again once the cluster answers and says so with a <see cref="PresenceChangeKind.Resubscribed"/> item,
    /// after which the caller re-reads. A reader that falls <see cref="PresenceClientOptions.FeedCapacity"/> behind gets
    /// <see cref="PresenceChangeKind.Overflowed"/> instead of the dropped changes. After a lost gateway while others
    /// answer (a silo died, with the changes queued on it), the feed reads the tenant's directory for
    /// <see cref="PresenceClientOptions.FeedRepairWindow"/> and yields what the stream did not bring as ordinary changes.
    /// It ends when the token is cancelled.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="agentIds">Only these agents' changes (each must be watched); null for every agent of the tenant.</param>
    /// <param name="cancellationToken">Ends the feed and its subscription.</param>
    IAsyncEnumerable<PresenceChange> WatchAsync(
        string tenantId, IEnumerable<string>? agentIds = null, CancellationToken cancellationToken = default);
}
