using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Messages;

/// <summary>A <c>presenceStateChange</c> delta exactly as seed §2 shows it.</summary>
public sealed record PresenceStateChange(
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("deviceId")] string? DeviceId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("lastUpdated")] DateTimeOffset LastUpdated,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("compositeState")] CompositeState CompositeState)
{
    public const string Type = "presenceStateChange";
}

/// <summary>The platform's own merge of an agent's devices, carried on every delta.</summary>
public sealed record CompositeState(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("deviceStates")] IReadOnlyList<CompositeDeviceState> DeviceStates);

/// <summary>One device inside a composite state.</summary>
public sealed record CompositeDeviceState(
    [property: JsonPropertyName("deviceId")] string DeviceId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);
