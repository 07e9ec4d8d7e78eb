using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// Where an agent is counted: its tenant, published state, freshness and routability. Routable is its own part of the
/// key because it also needs a reachable device, which state and freshness do not tell.
/// </summary>
public readonly record struct CensusKey(string TenantId, AgentState State, Freshness Freshness, bool Routable)
{
    public static CensusKey Of(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return new(presence.TenantId, presence.State, presence.Freshness, presence.Routable);
    }
}
