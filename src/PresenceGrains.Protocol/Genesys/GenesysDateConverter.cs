using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// Genesys writes every time in UTC with milliseconds and a <c>Z</c> (<c>2026-12-04T14:23:00.123Z</c>); reading takes any
/// ISO 8601 time, since SDK-built clients and other releases write other precisions.
/// </summary>
public sealed class GenesysDateConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("A time must be a string."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
