namespace PresenceGrains.Client;

/// <summary>
/// The tenant watches no agent at all: the service follows no platform channel for it (a misspelt tenant id, or a
/// tenant not yet set up). Nothing was activated or changed.
/// </summary>
public sealed class PresenceTenantNotFoundException : PresenceException
{
    /// <summary>A tenant the service follows no agent of.</summary>
    /// <param name="tenantId">The tenant asked about.</param>
    public PresenceTenantNotFoundException(string tenantId)
        : base($"Tenant '{tenantId}' watches no agent: the service does not follow it.") => TenantId = tenantId;

    /// <summary>The tenant asked about.</summary>
    public string TenantId { get; }
}
