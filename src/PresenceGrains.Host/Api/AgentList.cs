using PresenceGrains.Abstractions;

namespace PresenceGrains.Host.Api;

/// <summary>The answer of the agent list: the matching agents and, over the whole tenant, how many are in each state.</summary>
public sealed record AgentList(
    string TenantId,
    IReadOnlyList<AgentPresence> Agents,
    IReadOnlyDictionary<AgentState, int> Counts,
    int Routable);
