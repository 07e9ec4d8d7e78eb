using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// The body of <c>channel.metadata</c>: <see cref="Heartbeat"/> from the platform on its own period, <see cref="Pong"/>
/// in answer to the client's <c>{"message":"ping"}</c>.
/// </summary>
public sealed record GenesysChannelMetadata(
    [property: JsonPropertyName("message")] string Message)
{
    public const string Heartbeat = "WebSocket Heartbeat";
    public const string Pong = "pong";
}

/// <summary>
/// The body of the system topics (<c>SystemMessageSystemMessage</c>): <c>v2.system.socket_closing</c> (the socket will
/// close within a minute: open a new one), and <c>v2.system.no_longer_subscribed</c> / <c>v2.system.token_revoked</c>
/// (the channel is gone).
/// </summary>
public sealed record GenesysSystemMessage(
    [property: JsonPropertyName("channelId")] string ChannelId,
    [property: JsonPropertyName("systemTopicType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SystemTopicType,
    [property: JsonPropertyName("correlationId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId,
    [property: JsonPropertyName("oauthClientId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OAuthClientId,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonPropertyName("message")] string Message)
{
    public const string NoLongerSubscribed = "no_longer_subscribed";
    public const string TokenRevoked = "token_revoked";

    /// <summary><see cref="Reason"/> of a channel removed because its client created one too many.</summary>
    public const string AnotherChannelSubscribed = "another_channel_subscribed";

    /// <summary><see cref="Reason"/> of a channel whose client's tokens were revoked.</summary>
    public const string UserTokensRevoked = "user_tokens_revoked";
}

/// <summary>
/// What a client may send on the socket: <c>{"message":"ping"}</c>, or the socket form of subscribing
/// (<c>{"message":"subscribe","topics":[…],"correlationId":"x"}</c>; <c>unsubscribe</c> likewise).
/// </summary>
public sealed record GenesysSocketRequest(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("topics"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Topics = null,
    [property: JsonPropertyName("correlationId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId = null)
{
    public const string Ping = "ping";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
}

/// <summary>
/// The answer to a socket <c>subscribe</c>/<c>unsubscribe</c> (<c>{"result":"200","status":"subscribed",…}</c>), and what a
/// socket on a channel that no longer exists hears before it closes (<c>{"result":"404","message":…}</c>).
/// </summary>
public sealed record GenesysSocketResult(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    [property: JsonPropertyName("correlationId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
