using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// Every frame the notification service sends on a channel's socket: the topic, the body's version, the body itself,
/// and metadata. There is no sequence number: a topic's events are ordered by their own timestamps, or (for bodies
/// without one, the conversation summary) by arrival on the one socket.
/// </summary>
public sealed record GenesysNotification<TBody>(
    [property: JsonPropertyName("topicName")] string TopicName,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonPropertyName("eventBody")] TBody EventBody,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysNotificationMetadata? Metadata);

/// <summary>The envelope's metadata; Genesys capitalises <c>CorrelationId</c>.</summary>
public sealed record GenesysNotificationMetadata(
    [property: JsonPropertyName("CorrelationId")] string CorrelationId);
