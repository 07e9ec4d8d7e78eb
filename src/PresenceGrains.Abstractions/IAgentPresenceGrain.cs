namespace PresenceGrains.Abstractions;

/// <summary>
/// One agent's resolved presence, for routing integrations. Key: <see cref="PresenceKeys.Compose"/>(tenant, agentId).
/// Changes are also published on <see cref="PresenceStreams.AgentNamespace"/>.
/// </summary>
public interface IAgentPresenceGrain : IGrainWithStringKey
{
    /// <summary>The current resolved presence; Offline with sequence 0 for an agent nothing is known of.</summary>
    Task<AgentPresence> GetAsync();

    /// <summary>True only when Available, Fresh and reachable: the one question a router asks before offering a call.</summary>
    Task<bool> IsRoutableAsync();
}
