using System.Net.Http.Headers;

namespace PresenceGrains.Emulator.OAuth;

/// <summary>Checks a REST call's <c>Authorization: Bearer</c> token and its scopes (RFC 6750 answers).</summary>
internal static class BearerAuth
{
    /// <summary>The token, or the 401/403 answer when it is missing, unusable, or lacks every one of <paramref name="anyOfScopes"/>.</summary>
    public static (IssuedToken? Token, IResult? Refusal) Authenticate(HttpContext context, TokenStore tokens, params string[] anyOfScopes)
    {
        var check = tokens.Check(Presented(context), out var token);
        if (check != TokenCheck.Valid || token is null)
        {
            var description = check.Describe();
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{description}\"";
            return (null, Results.Text(description, statusCode: StatusCodes.Status401Unauthorized));
        }

        if (!anyOfScopes.Any(token.Scopes.Contains))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', anyOfScopes)}\"";
            return (null, Results.Text($"requires one of: {string.Join(", ", anyOfScopes)}", statusCode: StatusCodes.Status403Forbidden));
        }

        return (token, null);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header; null without one.</summary>
    public static string? Presented(HttpContext context) =>
        AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter
            : null;
}
