using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace PresenceGrains.Protocol;

/// <summary>
/// Properties a message carries that its schema does not declare where the schema closes the object
/// (<c>additionalProperties: false</c>). Platforms add fields with every release; a reader that refused them would refuse
/// every message after such an upgrade. So a reader finds them, sets them aside, and validates what is left against the
/// schema as written: a missing or wrong-typed required field, an unknown state or a bad time still fails. The schemas
/// stay closed because they are also what this side sends and what the emulator accepts.
/// </summary>
public static class UndeclaredProperties
{
    /// <summary>A message with more undeclared properties than this is reported by its first ones only.</summary>
    public const int MaxReported = 16;

    private static readonly Lazy<FrozenDictionary<SchemaKind, Shape>> Shapes = new(Load);

    /// <summary>
    /// The paths of the undeclared properties, each once (<c>compositeState.deviceStates[].firmware</c>): names only,
    /// never values. Empty for a message that has none.
    /// </summary>
    public static IReadOnlyList<string> Find(SchemaKind kind, JsonElement message)
    {
        List<string>? found = null;
        Walk(Shapes.Value[kind], message, null, ref found);
        return found is null ? [] : found;
    }

    /// <summary>A copy of <paramref name="message"/> without its undeclared properties, for validation and reading.</summary>
    public static JsonDocument Without(SchemaKind kind, JsonElement message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Copy(Shapes.Value[kind], message, writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void Walk(Shape shape, JsonElement value, string? path, ref List<string>? found)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                var at = path is null ? property.Name : $"{path}.{property.Name}";
                if (shape.Properties.TryGetValue(property.Name, out var child))
                {
                    Walk(child, property.Value, at, ref found);
                }
                else if (shape.Closed && (found ??= []).Count < MaxReported && !found.Contains(at, StringComparer.Ordinal))
                {
                    found.Add(at);
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && shape.Items is { } items)
        {
            foreach (var item in value.EnumerateArray())
            {
                Walk(items, item, $"{path}[]", ref found);
            }
        }
    }

    private static void Copy(Shape shape, JsonElement value, Utf8JsonWriter writer)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in value.EnumerateObject())
            {
                if (shape.Properties.TryGetValue(property.Name, out var child))
                {
                    writer.WritePropertyName(property.Name);
                    Copy(child, property.Value, writer);
                }
                else if (!shape.Closed)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }
        else if (value.ValueKind == JsonValueKind.Array && shape.Items is { } items)
        {
            writer.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                Copy(items, item, writer);
            }

            writer.WriteEndArray();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static FrozenDictionary<SchemaKind, Shape> Load()
    {
        // Every schema by its file name first, so that a $ref to another file (the bulk snapshot's users) resolves.
        var documents = Enum.GetValues<SchemaKind>().ToDictionary(kind => kind, kind => JsonDocument.Parse(ProtocolSchemas.Text(kind)));
        try
        {
            var byFile = documents.Values.ToDictionary(d => FileName(d.RootElement.GetProperty("$id").GetString()!), d => d.RootElement, StringComparer.Ordinal);
            return documents.ToFrozenDictionary(pair => pair.Key, pair => Build(pair.Value.RootElement, pair.Value.RootElement, byFile));
        }
        finally
        {
            foreach (var document in documents.Values)
            {
                document.Dispose();
            }
        }
    }

    private static Shape Build(JsonElement schema, JsonElement root, IReadOnlyDictionary<string, JsonElement> byFile)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return Shape.Open;
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target)
        {
            return target.StartsWith("#/$defs/", StringComparison.Ordinal)
                ? Build(root.GetProperty("$defs").GetProperty(target["#/$defs/".Length..]), root, byFile)
                : Build(byFile[FileName(target)], byFile[FileName(target)], byFile);
        }

        var properties = schema.TryGetProperty("properties", out var declared)
            ? declared.EnumerateObject().ToFrozenDictionary(p => p.Name, p => Build(p.Value, root, byFile), StringComparer.Ordinal)
            : FrozenDictionary<string, Shape>.Empty;
        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        var items = schema.TryGetProperty("items", out var itemSchema) ? Build(itemSchema, root, byFile) : null;
        return new Shape(properties, closed, items);
    }

    private static string FileName(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

    /// <summary>What a schema says about the properties of a value: those it declares, whether others are refused, its items.</summary>
    private sealed record Shape(FrozenDictionary<string, Shape> Properties, bool Closed, Shape? Items)
    {
        public static readonly Shape Open = new(FrozenDictionary<string, Shape>.Empty, false, null);
    }
}
