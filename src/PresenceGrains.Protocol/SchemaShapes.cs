using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace PresenceGrains.Protocol;

/// <summary>
/// What each schema of a set declares, read from the schema files themselves: where an object is closed
/// (<c>additionalProperties: false</c>), which properties it declares, and the same for nested objects and items.
/// Finds and sets aside the properties a message carries beyond that (<see cref="UndeclaredProperties"/>).
/// </summary>
internal sealed class SchemaShapes<TKind>
    where TKind : struct, Enum
{
    /// <summary>A message with more undeclared properties than this is reported by its first ones only.</summary>
    public const int MaxReported = 16;

    private readonly FrozenDictionary<TKind, Shape> _shapes;

    public SchemaShapes(Func<TKind, string> text, IEnumerable<TKind> kinds)
    {
        // Every schema by its file name first, so that a $ref to another file resolves.
        var documents = kinds.ToDictionary(kind => kind, kind => JsonDocument.Parse(text(kind)));
        try
        {
            var byFile = documents.Values.ToDictionary(d => FileName(d.RootElement.GetProperty("$id").GetString()!), d => d.RootElement, StringComparer.Ordinal);
            _shapes = documents.ToFrozenDictionary(pair => pair.Key, pair => Build(pair.Value.RootElement, pair.Value.RootElement, byFile));
        }
        finally
        {
            foreach (var document in documents.Values)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>The paths of the undeclared properties, each once: names only, never values. Empty when there are none.</summary>
    public IReadOnlyList<string> Find(TKind kind, JsonElement message)
    {
        List<string>? found = null;
        Walk(_shapes[kind], message, null, ref found);
        return found is null ? [] : found;
    }

    /// <summary>A copy of <paramref name="message"/> without its undeclared properties.</summary>
    public JsonDocument Without(TKind kind, JsonElement message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Copy(_shapes[kind], message, writer);
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

    private static Shape Build(JsonElement schema, JsonElement root, IReadOnlyDictionary<string, JsonElement> byFile)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return Shape.Open;
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target)
        {
            // "#/$defs/x" within this file, "other.schema.json" or "other.schema.json#/$defs/x" in another.
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var fragment = hash < 0 ? "" : target[(hash + 1)..];
            var document = file.Length == 0 ? root : byFile[FileName(file)];
            return fragment.StartsWith("/$defs/", StringComparison.Ordinal)
                ? Build(document.GetProperty("$defs").GetProperty(fragment["/$defs/".Length..]), document, byFile)
                : Build(document, document, byFile);
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
