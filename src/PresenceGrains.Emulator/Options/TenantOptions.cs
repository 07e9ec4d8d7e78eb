namespace PresenceGrains.Emulator;

/// <summary>One tenant and its OAuth client (client-credentials grant).</summary>
public sealed class TenantOptions
{
    public const string DemoTenantId = "demo";
    public const string DemoClientId = "presence-demo";
    public const string DemoClientSecret = "presence-demo-secret";

    public string TenantId { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The scopes a token for this client carries, space-separated as in OAuth.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>The default tenant: every scope of the seed.</summary>
    public static TenantOptions Demo() => new()
    {
        TenantId = DemoTenantId,
        ClientId = DemoClientId,
        ClientSecret = DemoClientSecret,
        Scopes = "presence:subscribe user:read realtime:presence:read telephony:phone:view",
    };

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
