using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Messages;

/// <summary>A heartbeat: the platform is alive and the channel carries traffic.</summary>
public sealed record Heartbeat(
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp)
{
    public const string Type = "heartbeat";
}

/// <summary>The platform accepted a subscription payload.</summary>
public sealed record Subscribed(
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("devices")] int Devices,
    [property: JsonPropertyName("global")] bool Global,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp)
{
    public const string Type = "subscribed";
}

/// <summary>An error frame: 400 for a bad subscription, 401 when the token expired mid-stream (then the socket closes).</summary>
public sealed record ErrorFrame(
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Timestamp)
{
    public const string Type = "error";
}
