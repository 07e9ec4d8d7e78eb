using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>Platform options for tests; the client secret is the one the log audit searches for.</summary>
public static class TestOptions
{
    public const string ClientId = "presence-demo";
    public const string ClientSecret = "presence-demo-secret";
    public const string TenantId = "demo";

    public static PlatformOptions For(Uri baseUrl, Action<PlatformOptions>? adjust = null)
    {
        var options = new PlatformOptions
        {
            BaseUrl = baseUrl,
            TenantId = TenantId,
            ClientId = ClientId,
            ClientSecret = ClientSecret,
        };
        adjust?.Invoke(options);
        return options;
    }
}
