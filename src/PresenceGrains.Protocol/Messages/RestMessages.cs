using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Messages;

/// <summary>The OAuth client-credentials answer.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>An OAuth error answer (RFC 6749 §5.2).</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorDescription);

/// <summary>The REST snapshot of one user (seed §4).</summary>
public sealed record UserSnapshot(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("lastUpdated")] DateTimeOffset LastUpdated,
    [property: JsonPropertyName("devices")] IReadOnlyList<DeviceSnapshot> Devices);

/// <summary>One device of a REST snapshot.</summary>
public sealed record DeviceSnapshot(
    [property: JsonPropertyName("deviceId")] string DeviceId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("lastUpdated")] DateTimeOffset LastUpdated);

/// <summary>The bulk snapshot answer: the users found, and the ids that are not.</summary>
public sealed record BulkSnapshot(
    [property: JsonPropertyName("users")] IReadOnlyList<UserSnapshot> Users,
    [property: JsonPropertyName("notFound")] IReadOnlyList<string> NotFound)
{
    /// <summary>The platform's limit on ids per bulk request.</summary>
    public const int MaxIds = 50;
}

/// <summary>The presence correction event of seed edge case 2, sent after a reconnect.</summary>
public sealed record PresenceCorrection(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("disconnectedAt")] DateTimeOffset DisconnectedAt,
    [property: JsonPropertyName("reconnectedAt")] DateTimeOffset ReconnectedAt,
    [property: JsonPropertyName("durationMs")] long DurationMs,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("correlationId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId);
