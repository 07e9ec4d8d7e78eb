using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// <c>POST {login}/oauth/token</c> (client credentials) as Genesys Cloud answers it: no <c>scope</c>, the client's roles
/// decide what the token may do.
/// </summary>
public sealed record GenesysTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>The login host's error answer: RFC 6749's <c>error</c>, with the description under both names Genesys uses.</summary>
public sealed record GenesysOAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
