using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace PresenceGrains.Host.Auth;

/// <summary>
/// <c>POST /auth/dev-token</c>: a development token for the supervisor page and for <c>curl</c>, answered on loopback
/// only and only when <see cref="AuthSettings.DevTokens"/> is on.
/// </summary>
public static class DevTokenEndpoint
{
    private static readonly string[] KnownScopes = [PresenceScopes.Read, PresenceScopes.Admin];

    public static void MapDevTokens(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/auth/dev-token", IssueAsync).ExcludeFromDescription().AllowAnonymous();

    /// <summary>The body of a development token request.</summary>
    public sealed record DevTokenRequest(string? Tenant, IReadOnlyList<string>? Scopes);

    /// <summary>A development token.</summary>
    public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

    private static IResult IssueAsync(HttpContext http, DevTokenRequest? request, IOptions<AuthSettings> options, SigningKeys keys, TimeProvider time)
    {
        var settings = options.Value;
        if (!settings.DevTokens || http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Results.NotFound();
        }

        var tenant = request?.Tenant;
        if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > 64)
        {
            return Results.Problem(statusCode: 400, title: "Bad token request", detail: "'tenant' is required (1–64 characters).");
        }

        var scopes = request?.Scopes is { Count: > 0 } asked ? asked : [PresenceScopes.Read];
        if (scopes.FirstOrDefault(s => !KnownScopes.Contains(s)) is { } unknown)
        {
            return Results.Problem(statusCode: 400, title: "Bad token request", detail: $"Unknown scope '{unknown}'.");
        }

        var now = time.GetUtcNow();
        var token = new JwtSecurityToken(
            issuer: settings.Issuer,
            audience: settings.Audience,
            claims:
            [
                new Claim("sub", "dev-user"),
                new Claim(PresenceScopes.TenantClaim, tenant),
                new Claim("scope", string.Join(' ', scopes)),
            ],
            notBefore: now.UtcDateTime,
            expires: (now + settings.DevTokenLifetime).UtcDateTime,
            signingCredentials: keys.Credentials);
        return Results.Ok(new DevTokenResponse(new JwtSecurityTokenHandler().WriteToken(token), "Bearer", (int)settings.DevTokenLifetime.TotalSeconds));
    }
}
