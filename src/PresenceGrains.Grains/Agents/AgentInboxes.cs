using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Hosting;

namespace PresenceGrains.Grains.Agents;

/// <summary>
/// A tenant's agents as the connector and the directory call them, many at a time: the event loop once per agent per
/// batch, the freshness fan-out, the snapshots and the directory's fill once per watched agent (100,000 at once). The
/// references are made without resolving the interface each time (<see cref="StringKeyedGrains{T}"/>).
/// </summary>
internal sealed class AgentInboxes(IGrainFactory grains, string tenantId)
{
    private readonly StringKeyedGrains<IAgentInbox> _agents = new(grains);

    public IAgentInbox Of(string agentId) => _agents.Get(PresenceKeys.Compose(tenantId, agentId));
}
