using System.Text.Json;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Every Genesys answer is parsed and judged by its schema (<see cref="GenesysSchemas"/>) before it is read.</summary>
internal static class GenesysJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <summary>Parses a REST answer and checks it against its schema; throws <see cref="PlatformRequestException"/> otherwise.</summary>
    public static JsonDocument ParseValid(ReadOnlyMemory<byte> body, GenesysSchemaKind kind, string operation)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            throw new PlatformRequestException($"{operation}: the platform's answer is not JSON.");
        }

        var validation = GenesysSchemas.Validate(kind, document.RootElement);
        if (!validation.IsValid)
        {
            document.Dispose();
            throw new PlatformRequestException(
                $"{operation}: the platform's answer does not match the Genesys {kind} schema: {SecretRedactor.Redact(validation.Result.Describe())}");
        }

        return document;
    }
}
