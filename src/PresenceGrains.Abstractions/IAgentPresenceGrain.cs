using Orleans.Concurrency;

namespace PresenceGrains.Abstractions;

/// <summary>
/// One agent's resolved presence, for routing integrations. Key: <see cref="PresenceKeys.Compose"/>(tenant, agentId).
/// Changes are published on the tenant's stream, <see cref="PresenceStreams.TenantNamespace"/>.
/// </summary>
/// <remarks>Reads interleave with everything: a router never waits behind a batch of deltas or a stream write being retried.</remarks>
[Alias("PresenceGrains.IAgentPresenceGrain")]
public interface IAgentPresenceGrain : IGrainWithStringKey
{
    /// <summary>The current resolved presence; Offline with sequence 0 for an agent nothing is known of.</summary>
    [AlwaysInterleave, Alias("GetAsync")]
    Task<AgentPresence> GetAsync();

    /// <summary>True only when Available, Fresh and reachable: the one question a router asks before offering a call.</summary>
    [AlwaysInterleave, Alias("IsRoutableAsync")]
    Task<bool> IsRoutableAsync();
}
