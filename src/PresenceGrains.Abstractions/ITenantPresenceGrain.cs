namespace PresenceGrains.Abstractions;

/// <summary>
/// A tenant's presence directory: every watched agent's latest published presence, kept current from the tenant stream.
/// Key: tenant id.
/// </summary>
public interface ITenantPresenceGrain : IGrainWithStringKey
{
    /// <summary>The agents that match, ordered by agent id.</summary>
    Task<IReadOnlyList<AgentPresence>> ListAsync(AgentFilter filter);
}
