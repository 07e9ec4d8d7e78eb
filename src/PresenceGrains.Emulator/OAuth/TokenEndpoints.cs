using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Genesys;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.OAuth;

/// <summary>
/// The client-credentials grant (RFC 6749 §4.4): <c>POST /oauth/token</c> in the seed mode, <c>POST
/// /genesys/login/oauth/token</c> in the Genesys mode, which answers in Genesys's shape (no <c>scope</c>; errors with
/// <c>description</c> too).
/// </summary>
internal static class TokenEndpoints
{
    public const string GenesysPath = "/genesys/login/oauth/token";

    public static void MapTokenEndpoints(this IEndpointRouteBuilder app, EmulatorMode mode)
    {
        if (mode == EmulatorMode.GenesysCloud)
        {
            app.MapPost(GenesysPath, (HttpContext c, TokenStore t, EmulatorOptions o) => IssueTokenAsync(c, t, o, genesys: true)).DisableAntiforgery();
        }
        else
        {
            app.MapPost("/oauth/token", (HttpContext c, TokenStore t, EmulatorOptions o) => IssueTokenAsync(c, t, o, genesys: false)).DisableAntiforgery();
        }
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, TokenStore tokens, EmulatorOptions options, bool genesys)
    {
        IResult Error(int status, string error, string description) => genesys
            ? Results.Json(new GenesysOAuthError(error, description, description), GenesysJsonContext.Default.GenesysOAuthError, statusCode: status)
            : Results.Json(new OAuthError(error, description), ProtocolJsonContext.Default.OAuthError, statusCode: status);

        if (!context.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, secret) = ReadClientCredentials(context.Request, form);
        var tenant = options.EffectiveTenants.FirstOrDefault(t => string.Equals(t.ClientId, clientId, StringComparison.Ordinal));
        if (tenant is null || secret is null || !SecretsEqual(tenant.ClientSecret, secret))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"presence\"";
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client or wrong secret.");
        }

        var grant = form["grant_type"].ToString();
        if (grant.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "grant_type is missing.");
        }

        if (grant != "client_credentials")
        {
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only client_credentials is supported.");
        }

        var allowed = tenant.ScopeList.ToHashSet(StringComparer.Ordinal);
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.FirstOrDefault(s => !allowed.Contains(s)) is { } refused)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_scope", $"The client may not request '{refused}'.");
        }

        var granted = requested.Length > 0 ? requested.ToHashSet(StringComparer.Ordinal) : allowed;
        var (value, token) = tokens.Issue(tenant, granted);
        context.Response.Headers.CacheControl = "no-store";
        var expiresIn = (int)Math.Max(1, Math.Round((token.ExpiresAt - token.IssuedAt).TotalSeconds));
        if (genesys)
        {
            return Results.Json(new GenesysTokenResponse(value, "bearer", expiresIn), GenesysJsonContext.Default.GenesysTokenResponse);
        }

        return Results.Json(
            new TokenResponse(value, "bearer", expiresIn, string.Join(' ', granted)),
            ProtocolJsonContext.Default.TokenResponse);
    }

    /// <summary>HTTP Basic first (RFC 6749 §2.3.1, form-encoded id and secret), else the form's client_id/client_secret.</summary>
    private static (string? ClientId, string? Secret) ReadClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0
                    ? (null, null)
                    : (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static bool SecretsEqual(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
