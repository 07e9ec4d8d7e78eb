namespace PresenceGrains.Client;

/// <summary>
/// The tenant watches agents, but not this one: the HTTP API's 404 "Unknown agent". Nothing was activated or changed;
/// ask the service's operator to watch the agent (<c>PUT /api/tenants/{tenant}/watch</c>) or stop asking about it.
/// </summary>
public sealed class PresenceAgentNotFoundException : PresenceException
{
    /// <summary>An agent the tenant does not watch.</summary>
    /// <param name="tenantId">The tenant asked about.</param>
    /// <param name="agentId">The agent asked about.</param>
    public PresenceAgentNotFoundException(string tenantId, string agentId)
        : base($"Agent '{agentId}' is not watched in tenant '{tenantId}'.")
    {
        TenantId = tenantId;
        AgentId = agentId;
    }

    /// <summary>The tenant asked about.</summary>
    public string TenantId { get; }

    /// <summary>The agent asked about.</summary>
    public string AgentId { get; }
}
