using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Protocol;

/// <summary>
/// The <c>presenceStateChange</c> schema written out by hand, for the one message the channel carries thousands of a
/// second: general schema evaluation cost ~45 µs and ~46 KB per delta, the largest share of the platform client's time.
/// It only ever answers "certainly valid"; it is at least as strict as the schema (UTF-16 lengths, no duplicate
/// properties, RFC 3339 times only in their usual shape), and whatever it does not accept goes to the schema itself,
/// which has the last word and names the problems. Property tests hold it to the schema, and what it reads to what the
/// serializer reads.
/// </summary>
/// <remarks>
/// It reads the message in the same pass: checked first and deserialized after, the check's strings (every property
/// name, every state and time) and the serializer's argument buffers were a tenth of all the service allocated per
/// delta. States come back as the protocol's own constants, so a delta allocates only the strings it carries.
/// </remarks>
public static class PresenceStateChangeCheck
{
    private const int IdLength = 128;
    private const int MaxDevices = 16;

    private static readonly string[] Signals = ["available", "notReady", "onCall", "wrapUp", "offline", "online", "ringing", "inUse"];

    /// <summary>Whether the delta certainly passes the schema (the schema decides the rest).</summary>
    public static bool IsCertainlyValid(JsonElement root) => TryRead(root, out _);

    /// <summary>The delta, when it certainly passes the schema; <see langword="false"/> leaves the verdict to the schema.</summary>
    public static bool TryRead(JsonElement root, [NotNullWhen(true)] out PresenceStateChange? message)
    {
        message = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? userId = null, deviceId = null, state = null, statusCode = null, reason = null;
        DateTimeOffset lastUpdated = default;
        CompositeState? composite = null;
        var seen = 0;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            int bit;
            if (property.NameEquals("eventType"u8))
            {
                bit = value.ValueKind == JsonValueKind.String && value.ValueEquals(PresenceStateChange.Type) ? 1 : -1;
            }
            else if (property.NameEquals("userId"u8))
            {
                bit = TryString(value, 1, IdLength, out userId) ? 2 : -1;
            }
            else if (property.NameEquals("deviceId"u8))
            {
                bit = value.ValueKind == JsonValueKind.Null || TryString(value, 1, IdLength, out deviceId) ? 4 : -1;
            }
            else if (property.NameEquals("state"u8))
            {
                bit = (state = Signal(value)) is not null ? 8 : -1;
            }
            else if (property.NameEquals("statusCode"u8))
            {
                bit = TryString(value, 0, 64, out statusCode) ? 16 : -1;
            }
            else if (property.NameEquals("lastUpdated"u8))
            {
                bit = TryDateTime(value, out lastUpdated) ? 32 : -1;
            }
            else if (property.NameEquals("reason"u8))
            {
                bit = value.ValueKind == JsonValueKind.Null || TryString(value, 0, 256, out reason) ? 64 : -1;
            }
            else if (property.NameEquals("compositeState"u8))
            {
                bit = TryComposite(value, out composite) ? 128 : -1;
            }
            else
            {
                bit = -1;
            }

            if (!Take(ref seen, bit))
            {
                return false;
            }
        }

        // Every property but deviceId (4) and reason (64) is required.
        const int Required = 1 | 2 | 8 | 16 | 32 | 128;
        if ((seen & Required) != Required)
        {
            return false;
        }

        message = new PresenceStateChange(PresenceStateChange.Type, userId!, deviceId, state!, statusCode!, lastUpdated, reason, composite!);
        return true;
    }

    private static bool TryComposite(JsonElement composite, [NotNullWhen(true)] out CompositeState? read)
    {
        read = null;
        if (composite.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? userId = null, state = null;
        var priority = 0;
        CompositeDeviceState[]? devices = null;
        var seen = 0;
        foreach (var property in composite.EnumerateObject())
        {
            var value = property.Value;
            int bit;
            if (property.NameEquals("userId"u8))
            {
                bit = TryString(value, 1, IdLength, out userId) ? 1 : -1;
            }
            else if (property.NameEquals("state"u8))
            {
                bit = (state = Signal(value)) is not null ? 2 : -1;
            }
            else if (property.NameEquals("priority"u8))
            {
                bit = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out priority) && priority is >= 0 and <= 4 ? 4 : -1;
            }
            else if (property.NameEquals("deviceStates"u8))
            {
                bit = TryDeviceStates(value, out devices) ? 8 : -1;
            }
            else
            {
                bit = -1;
            }

            if (!Take(ref seen, bit))
            {
                return false;
            }
        }

        if (seen != (1 | 2 | 4 | 8))
        {
            return false;
        }

        read = new CompositeState(userId!, state!, priority, devices!);
        return true;
    }

    private static bool TryDeviceStates(JsonElement array, [NotNullWhen(true)] out CompositeDeviceState[]? devices)
    {
        devices = null;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is var count && count > MaxDevices)
        {
            return false;
        }

        var read = count == 0 ? Array.Empty<CompositeDeviceState>() : new CompositeDeviceState[count];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (!TryDeviceState(item, out var device))
            {
                return false;
            }

            read[index++] = device;
        }

        devices = read;
        return true;
    }

    private static bool TryDeviceState(JsonElement item, [NotNullWhen(true)] out CompositeDeviceState? device)
    {
        device = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? deviceId = null, state = null;
        DateTimeOffset timestamp = default;
        var seen = 0;
        foreach (var property in item.EnumerateObject())
        {
            var value = property.Value;
            var bit =
                property.NameEquals("deviceId"u8) ? (TryString(value, 1, IdLength, out deviceId) ? 1 : -1)
                : property.NameEquals("state"u8) ? ((state = Signal(value)) is not null ? 2 : -1)
                : property.NameEquals("timestamp"u8) ? (TryDateTime(value, out timestamp) ? 4 : -1)
                : -1;
            if (!Take(ref seen, bit))
            {
                return false;
            }
        }

        if (seen != (1 | 2 | 4))
        {
            return false;
        }

        device = new CompositeDeviceState(deviceId!, state!, timestamp);
        return true;
    }

    /// <summary>
    /// Adds a property's bit (-1: unknown or invalid) to those seen: false when it is refused or repeated, the schema's
    /// properties and additionalProperties (a repeated property is left to the schema).
    /// </summary>
    private static bool Take(ref int seen, int bit)
    {
        if (bit < 0 || (seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    // JSON Schema counts code points; a UTF-16 length within the bounds has at least as few and at least one.
    private static bool TryString(JsonElement value, int min, int max, [NotNullWhen(true)] out string? text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return text is not null && text.Length >= min && text.Length <= max;
    }

    /// <summary>The protocol's constant for a state the schema's enum holds, or null.</summary>
    private static string? Signal(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        foreach (var signal in Signals)
        {
            if (value.ValueEquals(signal))
            {
                return signal;
            }
        }

        return null;
    }

    /// <summary>
    /// RFC 3339 in the shape platforms write: <c>2026-11-28T09:00:00Z</c>, optionally with 1–7 fraction digits and a
    /// numeric offset. Anything else (escapes, lower-case separators, leap seconds, other fraction lengths) goes to the
    /// schema. The value is the serializer's own reading of it.
    /// </summary>
    private static bool TryDateTime(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // The raw token, quotes included: no string for a value that is only checked and parsed.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length is < 22 or > 35)
        {
            return false;
        }

        Span<char> text = stackalloc char[raw.Length - 2];
        for (var i = 0; i < text.Length; i++)
        {
            var b = raw[i + 1];
            if (b is >= 0x80 or (byte)'\\')
            {
                return false;
            }

            text[i] = (char)b;
        }

        return DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && value.TryGetDateTimeOffset(out time);
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
