using Microsoft.Extensions.Options;
using PresenceGrains.Host.Auth;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Api;

/// <summary>What the supervisor page needs to know before it can ask for anything: its tenant and how to get a token.</summary>
public static class UiEndpoints
{
    /// <summary>The page's start-up settings; nothing secret.</summary>
    public sealed record UiConfig(string Tenant, bool DevTokens);

    public static void MapUiConfig(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/ui/config", GetConfig).AllowAnonymous().ExcludeFromDescription();

    private static UiConfig GetConfig(IOptions<PlatformSettings> platform, IOptions<AuthSettings> auth) =>
        new(platform.Value.TenantId, auth.Value.DevTokens);
}
