namespace PresenceGrains.Abstractions;

/// <summary>
/// Grain and stream keys. Agents and devices are keyed by tenant and id together, so that two tenants' ids never meet.
/// </summary>
public static class PresenceKeys
{
    private const char Separator = '/';

    /// <summary>The key of an agent's (or a device's) grain: <c>tenant/id</c>.</summary>
    public static string Compose(string tenantId, string id)
    {
        ValidateTenant(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return string.Concat(tenantId, Separator.ToString(), id);
    }

    /// <summary>Splits a composed key back into tenant and id.</summary>
    public static (string TenantId, string Id) Split(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var at = key.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at == key.Length - 1)
        {
            throw new ArgumentException($"'{key}' is not a tenant/id key.", nameof(key));
        }

        return (key[..at], key[(at + 1)..]);
    }

    /// <summary>A tenant id may not contain the separator, or keys would be ambiguous.</summary>
    public static void ValidateTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (tenantId.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A tenant id cannot contain '{Separator}'.", nameof(tenantId));
        }
    }
}
