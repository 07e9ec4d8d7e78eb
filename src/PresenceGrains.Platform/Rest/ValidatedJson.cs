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

    /// <summary>
    /// Validates and reads one message. Properties its schema does not declare are set aside first and named in
    /// <paramref name="undeclared"/> (a platform adds fields with every release); what is left must pass the schema.
    /// </summary>
    public static bool TryRead<T>(
        JsonElement element, SchemaKind kind, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, out string problem, out IReadOnlyList<string> undeclared)
    {
        // The hand-written delta check accepts nothing undeclared (the hot path needs no search for it), and reads the
        // delta as it checks it.
        if (kind == SchemaKind.PresenceStateChange && PresenceStateChangeCheck.TryRead(element, out var change) && change is T delta)
        {
            undeclared = [];
            (value, problem) = (delta, string.Empty);
            return true;
        }

        undeclared = UndeclaredProperties.Find(kind, element);
        if (undeclared.Count == 0)
        {
            return TryReadValidated(element, ProtocolSchemas.EvaluateSchema(kind, element), type, out value, out problem);
        }

        using var declared = UndeclaredProperties.Without(kind, element);
        return TryReadValidated(declared.RootElement, ProtocolSchemas.Validate(kind, declared.RootElement), type, out value, out problem);
    }

    /// <summary>Parses, validates and reads a REST answer; throws <see cref="PlatformRequestException"/> when it does not conform.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> json, SchemaKind kind, JsonTypeInfo<T> type, string operation, UndeclaredPropertyLog? undeclared = null)
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
            if (!TryRead(document.RootElement, kind, type, out var value, out var problem, out var undeclaredFound))
            {
                throw new PlatformRequestException($"{operation}: the platform's answer does not match the {kind} schema: {problem}");
            }

            if (undeclaredFound.Count > 0)
            {
                undeclared?.Saw(kind, undeclaredFound);
            }

            return value;
        }
    }

    private static bool TryReadValidated<T>(JsonElement element, SchemaValidationResult validation, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, out string problem)
    {
        if (!validation.IsValid)
        {
            value = default;
            problem = SecretRedactor.Redact(validation.Describe());
            return false;
        }

        return TryDeserialize(element, type, out value, out problem);
    }

    private static bool TryDeserialize<T>(JsonElement element, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, out string problem)
    {
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
}
