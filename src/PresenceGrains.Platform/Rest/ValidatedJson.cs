using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.Rest;

/// <summary>Reads a platform message only after it passed its JSON Schema: anything else is a clear, redacted problem.</summary>
internal static class ValidatedJson
{
    /// <summary>Protocol messages are shallow; a deep document is hostile or broken.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static bool TryRead<T>(JsonElement element, SchemaKind kind, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, out string problem)
    {
        var validation = ProtocolSchemas.Validate(kind, element);
        if (!validation.IsValid)
        {
            value = default;
            problem = SecretRedactor.Redact(validation.Describe());
            return false;
        }

        try
        {
            value = element.Deserialize(type);
        }
        catch (JsonException ex)
        {
            value = default;
            problem = SecretRedactor.Describe(ex);
            return false;
        }

        if (value is null)
        {
            problem = "the message is null";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>Parses, validates and reads a REST answer; throws <see cref="PlatformRequestException"/> when it does not conform.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> json, SchemaKind kind, JsonTypeInfo<T> type, string operation)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new PlatformRequestException($"{operation}: the platform's answer is not JSON ({SecretRedactor.Describe(ex)}).");
        }

        using (document)
        {
            return TryRead(document.RootElement, kind, type, out var value, out var problem)
                ? value
                : throw new PlatformRequestException($"{operation}: the platform's answer does not match the {kind} schema: {problem}");
        }
    }
}
