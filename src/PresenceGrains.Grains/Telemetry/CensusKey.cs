using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>Where an agent is counted: its tenant, published state and freshness.</summary>
public readonly record struct CensusKey(string TenantId, AgentState State, Freshness Freshness)
{
    public static CensusKey Of(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return new(presence.TenantId, presence.State, presence.Freshness);
    }
}
