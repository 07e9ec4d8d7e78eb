using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// <c>GET /api/v2/users?id=a,b,…&amp;expand=presence,routingStatus,conversationSummary,station</c> (<c>UserEntityListing</c>):
/// one page of users, each with the parts asked for inlined.
/// </summary>
public sealed record GenesysUserListing(
    [property: JsonPropertyName("entities")] IReadOnlyList<GenesysUser> Entities,
    [property: JsonPropertyName("pageSize")] int PageSize,
    [property: JsonPropertyName("pageNumber")] int PageNumber,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("pageCount")] int PageCount);

/// <summary>A user (<c>User</c>), with only the parts an <c>expand</c> asked for.</summary>
public sealed record GenesysUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("presence"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysUserPresence? Presence,
    [property: JsonPropertyName("routingStatus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysRoutingStatus? RoutingStatus,
    [property: JsonPropertyName("conversationSummary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysConversationSummary? ConversationSummary,
    [property: JsonPropertyName("station"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysUserStations? Station);

/// <summary>
/// A presence read over REST: <c>UserPresence</c> inside an expanded user, <c>UcUserPresence</c> in the bulk presence
/// answer (<c>GET /api/v2/users/presences/purecloud/bulk?id=…</c>, which adds <see cref="UserId"/>).
/// </summary>
public sealed record GenesysUserPresence(
    [property: JsonPropertyName("userId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("primary")] bool Primary,
    [property: JsonPropertyName("presenceDefinition")] GenesysPresenceDefinition PresenceDefinition,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonPropertyName("modifiedDate")] DateTimeOffset ModifiedDate);

/// <summary>A routing status read over REST (<c>RoutingStatus</c>): unlike the event, flat and with the user's id.</summary>
public sealed record GenesysRoutingStatus(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startTime")] DateTimeOffset StartTime);

/// <summary>A user's stations (<c>UserStations</c>); each is absent when there is none.</summary>
public sealed record GenesysUserStations(
    [property: JsonPropertyName("associatedStation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysStation? AssociatedStation,
    [property: JsonPropertyName("effectiveStation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysStation? EffectiveStation,
    [property: JsonPropertyName("defaultStation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysStation? DefaultStation,
    [property: JsonPropertyName("lastAssociatedStation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenesysStation? LastAssociatedStation);
