using System.Globalization;
using System.Text.Json;

namespace PresenceGrains.Protocol;

/// <summary>
/// The <c>presenceStateChange</c> schema written out by hand, for the one message the channel carries thousands of a
/// second: general schema evaluation cost ~45 µs and ~46 KB per delta, the largest share of the platform client's time.
/// It only ever answers "certainly valid"; it is at least as strict as the schema (UTF-16 lengths, no duplicate
/// properties, RFC 3339 times only in their usual shape), and whatever it does not accept goes to the schema itself,
/// which has the last word and names the problems. Property tests hold it to the schema.
/// </summary>
public static class PresenceStateChangeCheck
{
    private const int IdLength = 128;

    // Every property but deviceId (4) and reason (64) is required.
    public static bool IsCertainlyValid(JsonElement root) =>
        HasOnly(root, 1 | 2 | 8 | 16 | 32 | 128, static property => property.Name switch
        {
            "eventType" => property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals(Messages.PresenceStateChange.Type) ? 1 : -1,
            "userId" => IsString(property.Value, 1, IdLength) ? 2 : -1,
            "deviceId" => property.Value.ValueKind == JsonValueKind.Null || IsString(property.Value, 1, IdLength) ? 4 : -1,
            "state" => IsSignal(property.Value) ? 8 : -1,
            "statusCode" => IsString(property.Value, 0, 64) ? 16 : -1,
            "lastUpdated" => IsDateTime(property.Value) ? 32 : -1,
            "reason" => property.Value.ValueKind == JsonValueKind.Null || IsString(property.Value, 0, 256) ? 64 : -1,
            "compositeState" => IsComposite(property.Value) ? 128 : -1,
            _ => -1,
        });

    private static bool IsComposite(JsonElement composite) =>
        HasOnly(composite, 1 | 2 | 4 | 8, static property => property.Name switch
        {
            "userId" => IsString(property.Value, 1, IdLength) ? 1 : -1,
            "state" => IsSignal(property.Value) ? 2 : -1,
            "priority" => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var p) && p is >= 0 and <= 4 ? 4 : -1,
            "deviceStates" => IsDeviceStates(property.Value) ? 8 : -1,
            _ => -1,
        });

    private static bool IsDeviceStates(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > 16)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (!HasOnly(item, 1 | 2 | 4, static property => property.Name switch
                {
                    "deviceId" => IsString(property.Value, 1, IdLength) ? 1 : -1,
                    "state" => IsSignal(property.Value) ? 2 : -1,
                    "timestamp" => IsDateTime(property.Value) ? 4 : -1,
                    _ => -1,
                }))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An object whose every property is known and valid (<paramref name="bitOf"/> gives its bit, or -1), none repeated,
    /// with every <paramref name="required"/> bit present: the schema's properties, required and additionalProperties.
    /// </summary>
    private static bool HasOnly(JsonElement value, int required, Func<JsonProperty, int> bitOf)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var seen = 0;
        foreach (var property in value.EnumerateObject())
        {
            var bit = bitOf(property);
            if (bit < 0 || (seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
        }

        return (seen & required) == required;
    }

    // JSON Schema counts code points; a UTF-16 length within the bounds has at least as few and at least one.
    private static bool IsString(JsonElement value, int min, int max) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.Length >= min && text.Length <= max;

    private static bool IsSignal(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && (value.ValueEquals("available") || value.ValueEquals("notReady") || value.ValueEquals("onCall") || value.ValueEquals("wrapUp")
            || value.ValueEquals("offline") || value.ValueEquals("online") || value.ValueEquals("ringing") || value.ValueEquals("inUse"));

    /// <summary>
    /// RFC 3339 in the shape platforms write: <c>2026-11-28T09:00:00Z</c>, optionally with 1–7 fraction digits and a
    /// numeric offset. Anything else (lower-case separators, leap seconds, other fraction lengths) goes to the schema.
    /// </summary>
    private static bool IsDateTime(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: >= 20 and <= 33 } text)
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static readonly string[] DateTimeFormats = BuildFormats();

    private static string[] BuildFormats()
    {
        var formats = new List<string>();
        foreach (var fraction in new[] { "", ".f", ".ff", ".fff", ".ffff", ".fffff", ".ffffff", ".fffffff" })
        {
            formats.Add($"yyyy'-'MM'-'dd'T'HH':'mm':'ss{fraction}'Z'");
            formats.Add($"yyyy'-'MM'-'dd'T'HH':'mm':'ss{fraction}zzz");
        }

        return [.. formats];
    }
}
