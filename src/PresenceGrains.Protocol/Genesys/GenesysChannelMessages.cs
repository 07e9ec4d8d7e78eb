using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// A notification channel (<c>Channel</c> in the SDKs): <c>POST /api/v2/notifications/channels</c> answers one,
/// <c>GET /api/v2/notifications/channels</c> lists them. <see cref="ConnectUri"/> is the channel's absolute WebSocket URL.
/// </summary>
public sealed record GenesysChannel(
    [property: JsonPropertyName("connectUri")] string ConnectUri,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("expires")] DateTimeOffset Expires);

/// <summary><c>ChannelEntityListing</c>: the caller's channels.</summary>
public sealed record GenesysChannelListing(
    [property: JsonPropertyName("entities")] IReadOnlyList<GenesysChannel> Entities);

/// <summary>
/// <c>ChannelTopic</c>: in a subscriptions request only <see cref="Id"/> (the topic name); in an answer also whether
/// the topic was <see cref="GenesysTopicStates.Permitted"/> or <see cref="GenesysTopicStates.Rejected"/>, and why.
/// </summary>
public sealed record GenesysChannelTopic(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonPropertyName("rejectionReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectionReason = null,
    [property: JsonPropertyName("missingPermissions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MissingPermissions = null,
    [property: JsonPropertyName("selfUri"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SelfUri = null);

/// <summary><c>ChannelTopicEntityListing</c>: the answer of every subscriptions call (PUT, POST, GET).</summary>
public sealed record GenesysChannelTopicListing(
    [property: JsonPropertyName("entities")] IReadOnlyList<GenesysChannelTopic> Entities);

/// <summary>The values of <see cref="GenesysChannelTopic.State"/>.</summary>
public static class GenesysTopicStates
{
    public const string Permitted = "Permitted";
    public const string Rejected = "Rejected";
}

/// <summary>
/// Genesys Cloud's REST error body (<c>ErrorBody</c>): <c>status</c> repeats the HTTP status, <c>code</c> is a stable
/// machine name (<c>bad.request</c>, <c>not.found</c>, <c>too.many.requests</c>, <c>bad.credentials</c>).
/// </summary>
public sealed record GenesysErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("contextId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContextId = null);
