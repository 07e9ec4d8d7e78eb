using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// The body of <c>v2.users.{id}.presence</c> (<c>UserPresenceNotification</c>): the user's primary presence and when it
/// was set. The user id is in the topic name only.
/// </summary>
public sealed record GenesysPresenceEvent(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("presenceDefinition")] GenesysPresenceDefinition PresenceDefinition,
    [property: JsonPropertyName("primary")] bool Primary,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonPropertyName("modifiedDate")] DateTimeOffset ModifiedDate);

/// <summary>A presence definition: the organisation's id for it and the system presence it belongs to.</summary>
public sealed record GenesysPresenceDefinition(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("systemPresence")] string SystemPresence);

/// <summary>The body of <c>v2.users.{id}.routingStatus</c> (<c>UserRoutingStatusNotification</c>): the status is nested.</summary>
public sealed record GenesysRoutingStatusEvent(
    [property: JsonPropertyName("routingStatus")] GenesysRoutingStatusValue RoutingStatus);

/// <summary>A routing status as the event carries it: <c>OFF_QUEUE|IDLE|INTERACTING|NOT_RESPONDING|COMMUNICATING</c> and since when.</summary>
public sealed record GenesysRoutingStatusValue(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startTime")] DateTimeOffset StartTime);

/// <summary>
/// The body of <c>v2.users.{id}.conversationsummary</c> (<c>UserConversationSummaryNotification</c>), also the
/// <c>conversationSummary</c> a user carries when expanded (<c>UserConversationSummary</c>): counts of active and
/// after-call-work conversations per media. No timestamp.
/// </summary>
public sealed record GenesysConversationSummary(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("call")] GenesysMediaSummary Call,
    [property: JsonPropertyName("callback")] GenesysMediaSummary Callback,
    [property: JsonPropertyName("email")] GenesysMediaSummary Email,
    [property: JsonPropertyName("message")] GenesysMediaSummary Message,
    [property: JsonPropertyName("chat")] GenesysMediaSummary Chat,
    [property: JsonPropertyName("socialExpression")] GenesysMediaSummary SocialExpression,
    [property: JsonPropertyName("video")] GenesysMediaSummary Video);

/// <summary>One media's conversations: those routed by the contact centre (ACD) and the others.</summary>
public sealed record GenesysMediaSummary(
    [property: JsonPropertyName("contactCenter")] GenesysMediaSummaryDetail ContactCenter,
    [property: JsonPropertyName("enterprise")] GenesysMediaSummaryDetail Enterprise);

/// <summary>How many conversations are live, and how many are in after-call work.</summary>
public sealed record GenesysMediaSummaryDetail(
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("acw")] int Acw);

/// <summary>
/// The body of <c>v2.users.{id}.station</c> (<c>UserStationsNotification</c>): the station the user is associated
/// with now, or <c>null</c> when none.
/// </summary>
public sealed record GenesysStationEvent(
    [property: JsonPropertyName("associatedStation")] GenesysStation? AssociatedStation);

/// <summary>
/// A station (<c>UserStation</c>). The event carries <see cref="Id"/>, <see cref="Name"/> and
/// <see cref="AssociatedUser"/>; the expanded user also <see cref="Type"/> and <see cref="AssociatedDate"/>.
/// </summary>
public sealed record GenesysStation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    [property: JsonPropertyName("associatedUser"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysEntityRef? AssociatedUser,
    [property: JsonPropertyName("associatedDate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? AssociatedDate);

/// <summary>A reference to another entity by id.</summary>
public sealed record GenesysEntityRef(
    [property: JsonPropertyName("id")] string Id);
