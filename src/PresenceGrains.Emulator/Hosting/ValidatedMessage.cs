using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PresenceGrains.Protocol;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>Reads a client's message the way the platform does: well-formed JSON, valid against its schema, then typed.</summary>
internal static class ValidatedMessage
{
    /// <summary>The message, or null with <paramref name="problem"/> naming what is wrong.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> utf8, SchemaKind kind, JsonTypeInfo<T> typeInfo, out string? problem)
        where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var validation = ProtocolSchemas.Validate(kind, document.RootElement);
            if (!validation.IsValid)
            {
                problem = $"invalid {kind}: {validation.Describe()}";
                return null;
            }

            var value = document.RootElement.Deserialize(typeInfo);
            problem = value is null ? $"invalid {kind}: null" : null;
            return value;
        }
        catch (JsonException ex)
        {
            problem = "malformed JSON: " + ex.Message;
            return null;
        }
    }
}
