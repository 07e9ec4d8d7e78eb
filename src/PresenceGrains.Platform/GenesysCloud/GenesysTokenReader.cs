using System.Text.Json;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Protocol.Genesys;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Reads the login host's token answer, held to the Genesys schema: it carries no scope (roles decide).</summary>
internal static class GenesysTokenReader
{
    public static TokenResponse Read(byte[] body, string operation)
    {
        using var document = GenesysJson.ParseValid(body, GenesysSchemaKind.TokenResponse, operation);
        var token = document.RootElement.Deserialize(GenesysJsonContext.Default.GenesysTokenResponse)
            ?? throw new PlatformRequestException($"{operation}: the answer is null.");
        return new TokenResponse(token.AccessToken, token.TokenType, token.ExpiresIn, string.Empty);
    }
}
