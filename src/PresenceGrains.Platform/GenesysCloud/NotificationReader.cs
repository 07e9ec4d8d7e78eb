using System.Globalization;
using System.Text.Json;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// Reads one notification frame: the envelope <c>{topicName, version, eventBody, metadata}</c> and the body its topic
/// promises. Anything that does not conform is <see cref="NotificationMessage.Invalid"/> with the reason, never a guess.
/// </summary>
internal static class NotificationReader
{
    private const string UserTopicPrefix = "v2.users.";
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <param name="undeclared">Told the schema and names of properties the schema does not declare, on an accepted frame.</param>
    public static NotificationMessage Read(ReadOnlyMemory<byte> frame, Action<GenesysSchemaKind, IReadOnlyList<string>>? undeclared = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, Options);
        }
        catch (JsonException)
        {
            return new NotificationMessage.Invalid("not JSON", Malformed: true);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("topicName", out _) && root.TryGetProperty("result", out _))
            {
                // The answer to a socket request, or (result 404) the channel ending: the close that follows is what counts.
                return Judge(GenesysSchemaKind.SocketResult, root, undeclared) is { } refusal
                    ? Invalid(refusal)
                    : new NotificationMessage.Ignored("a socket result");
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("topicName", out var topicElement) || topicElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("eventBody", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return Invalid("an envelope needs a string topicName and an object eventBody");
            }

            var topic = topicElement.GetString()!;
            if (GenesysSchemas.NotificationKind(topic) is { } kind && Judge(kind, root, undeclared) is { } problem)
            {
                return Invalid(problem);
            }

            return topic switch
            {
                "channel.metadata" => Metadata(body),
                "v2.system.socket_closing" => new NotificationMessage.SocketClosing(),
                _ when topic.StartsWith("v2.system.no_longer_subscribed", StringComparison.Ordinal) => new NotificationMessage.NoLongerSubscribed(),
                _ when topic.StartsWith("v2.system.token_revoked", StringComparison.Ordinal) => new NotificationMessage.TokenRevoked(),
                _ when topic.StartsWith(UserTopicPrefix, StringComparison.Ordinal) => UserTopic(topic, body),
                _ => new NotificationMessage.Ignored($"topic {Cut(topic)} is not one this adapter subscribes"),
            };
        }
    }

    /// <summary>Null when the frame satisfies its schema (undeclared properties set aside and reported); else the problem.</summary>
    private static string? Judge(GenesysSchemaKind kind, JsonElement root, Action<GenesysSchemaKind, IReadOnlyList<string>>? undeclared)
    {
        var validation = GenesysSchemas.Validate(kind, root);
        if (!validation.IsValid)
        {
            return $"{kind}: {validation.Result.Describe()}";
        }

        if (validation.Undeclared.Count > 0)
        {
            undeclared?.Invoke(kind, validation.Undeclared);
        }

        return null;
    }

    private static NotificationMessage Metadata(JsonElement body) =>
        body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString() switch
            {
                "WebSocket Heartbeat" => new NotificationMessage.Heartbeat(),
                "pong" => new NotificationMessage.Pong(),
                var other => new NotificationMessage.Ignored($"channel metadata '{Cut(other)}'"),
            }
            : Invalid("channel.metadata needs eventBody.message");

    private static NotificationMessage UserTopic(string topic, JsonElement body)
    {
        var rest = topic.AsSpan(UserTopicPrefix.Length);
        var dot = rest.LastIndexOf('.');
        if (dot <= 0)
        {
            return Invalid($"user topic {Cut(topic)} names no part");
        }

        var userId = rest[..dot].ToString();
        var part = rest[(dot + 1)..].ToString();
        return part.ToLowerInvariant() switch
        {
            "presence" => Presence(userId, body),
            "routingstatus" => Routing(userId, body),
            "conversationsummary" => Conversations(userId, body),
            "station" => Station(userId, body),
            _ => new NotificationMessage.Ignored($"user topic part '{Cut(part)}'"),
        };
    }

    private static NotificationMessage Presence(string userId, JsonElement body)
    {
        if (body.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.False)
        {
            // Genesys reports each presence source (an integration's too); only the primary one routes.
            return new NotificationMessage.Ignored("a presence that is not primary");
        }

        if (!body.TryGetProperty("presenceDefinition", out var definition) || definition.ValueKind != JsonValueKind.Object
            || !definition.TryGetProperty("systemPresence", out var system) || system.ValueKind != JsonValueKind.String)
        {
            return Invalid("presence needs presenceDefinition.systemPresence");
        }

        if (GenesysSystemPresences.Parse(system.GetString()) is not { } presence)
        {
            return Invalid($"unknown systemPresence '{Cut(system.GetString())}'");
        }

        return Time(body, "modifiedDate") is { } modified
            ? new NotificationMessage.Presence(userId, presence, modified)
            : Invalid("presence needs modifiedDate as an ISO 8601 time");
    }

    private static NotificationMessage Routing(string userId, JsonElement body)
    {
        // The notification nests the status as routingStatus {status, startTime}; the REST type has them at the top.
        var status = body.TryGetProperty("routingStatus", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : body;
        return GenesysReadings.RoutingStatus(status) is var (value, start)
            ? new NotificationMessage.Routing(userId, value, start)
            : Invalid("routing status needs status (OFF_QUEUE, IDLE, INTERACTING, NOT_RESPONDING, COMMUNICATING) and startTime");
    }

    private static NotificationMessage Conversations(string userId, JsonElement body) =>
        GenesysReadings.ConversationCounts(body) is { } counts
            ? new NotificationMessage.Conversations(userId, counts)
            : Invalid("a conversation summary's media need contactCenter/enterprise {active, acw} as non-negative integers");

    private static NotificationMessage Station(string userId, JsonElement body) =>
        GenesysReadings.StationAssociated(body) is { } associated
            ? new NotificationMessage.Station(userId, associated)
            : Invalid("a station message needs associatedStation as an object with an id, or null");

    internal static DateTimeOffset? Time(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static NotificationMessage.Invalid Invalid(string problem) => new(problem, Malformed: false);

    private static string Cut(string? text) => text is { Length: > 80 } ? text[..80] + "…" : text ?? string.Empty;
}
