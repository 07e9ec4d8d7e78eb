using System.Text.Json;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// The JSON Schemas of the Genesys Cloud messages (embedded <c>Genesys/Schemas/*.schema.json</c>), shared by the
/// emulator's Genesys mode (what it emits, held to them strictly in its tests) and the Genesys adapter (what it
/// accepts). The schemas close every object, so they say exactly what the emulator sends; Genesys adds fields freely,
/// so <see cref="Validate"/> sets undeclared properties aside before it judges a message (as
/// <see cref="UndeclaredProperties"/> does for the seed protocol) and reports their names.
/// </summary>
public static class GenesysSchemas
{
    private static readonly SchemaSet<GenesysSchemaKind> Set = new(
        new Dictionary<GenesysSchemaKind, string>
        {
            [GenesysSchemaKind.TokenResponse] = "token-response.schema.json",
            [GenesysSchemaKind.OAuthError] = "oauth-error.schema.json",
            [GenesysSchemaKind.Channel] = "channel.schema.json",
            [GenesysSchemaKind.ChannelListing] = "channel-listing.schema.json",
            [GenesysSchemaKind.TopicListing] = "topic-listing.schema.json",
            [GenesysSchemaKind.ErrorBody] = "error-body.schema.json",
            [GenesysSchemaKind.PresenceNotification] = "presence-notification.schema.json",
            [GenesysSchemaKind.RoutingStatusNotification] = "routing-status-notification.schema.json",
            [GenesysSchemaKind.ConversationSummaryNotification] = "conversation-summary-notification.schema.json",
            [GenesysSchemaKind.StationNotification] = "station-notification.schema.json",
            [GenesysSchemaKind.ChannelMetadataNotification] = "channel-metadata-notification.schema.json",
            [GenesysSchemaKind.SystemNotification] = "system-notification.schema.json",
            [GenesysSchemaKind.SocketResult] = "socket-result.schema.json",
            [GenesysSchemaKind.UserListing] = "user-listing.schema.json",
            [GenesysSchemaKind.BulkPresence] = "bulk-presence.schema.json",
        },
        "Genesys.Schemas.");

    /// <summary>The raw text of a schema, as shipped.</summary>
    public static string Text(GenesysSchemaKind kind) => Set.Text(kind);

    /// <summary>
    /// Judges a message the way a reader of a live platform must: properties no schema declares are set aside (their
    /// names are in <see cref="GenesysValidation.Undeclared"/>, never their values), and what is left must satisfy the
    /// schema: a missing or wrong-typed field, an unknown routing status or a bad time still fails.
    /// </summary>
    public static GenesysValidation Validate(GenesysSchemaKind kind, JsonElement message)
    {
        var undeclared = Set.Shapes.Find(kind, message);
        if (undeclared.Count == 0)
        {
            return new GenesysValidation(Set.Evaluate(kind, message), undeclared);
        }

        using var declared = Set.Shapes.Without(kind, message);
        return new GenesysValidation(Set.Evaluate(kind, declared.RootElement), undeclared);
    }

    /// <summary>The schema as written, undeclared properties failing: what the emulator's own messages are held to.</summary>
    public static SchemaValidationResult EvaluateStrict(GenesysSchemaKind kind, JsonElement message) => Set.Evaluate(kind, message);

    /// <summary>The paths of the properties <paramref name="message"/> carries that its schema does not declare.</summary>
    public static IReadOnlyList<string> FindUndeclared(GenesysSchemaKind kind, JsonElement message) => Set.Shapes.Find(kind, message);

    /// <summary>A copy of <paramref name="message"/> without its undeclared properties.</summary>
    public static JsonDocument WithoutUndeclared(GenesysSchemaKind kind, JsonElement message) => Set.Shapes.Without(kind, message);

    /// <summary>
    /// Which schema a socket frame's <c>topicName</c> calls for; null for a topic this service does not read (count it
    /// and drop it, it is not an error). Frames without a <c>topicName</c> are <see cref="GenesysSchemaKind.SocketResult"/>.
    /// </summary>
    public static GenesysSchemaKind? NotificationKind(string topicName)
    {
        if (topicName == GenesysTopics.ChannelMetadata)
        {
            return GenesysSchemaKind.ChannelMetadataNotification;
        }

        if (topicName.StartsWith("v2.system.", StringComparison.Ordinal))
        {
            return GenesysSchemaKind.SystemNotification;
        }

        if (!GenesysTopics.TryParseUserTopic(topicName, out _, out var parts) || topicName.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        return parts switch
        {
            GenesysUserTopicParts.Presence => GenesysSchemaKind.PresenceNotification,
            GenesysUserTopicParts.RoutingStatus => GenesysSchemaKind.RoutingStatusNotification,
            GenesysUserTopicParts.ConversationSummary => GenesysSchemaKind.ConversationSummaryNotification,
            GenesysUserTopicParts.Station => GenesysSchemaKind.StationNotification,
            _ => null,
        };
    }
}

/// <summary>The judgement of one Genesys message: the schema's verdict on its declared part, and what it carried beyond.</summary>
public sealed record GenesysValidation(SchemaValidationResult Result, IReadOnlyList<string> Undeclared)
{
    public bool IsValid => Result.IsValid;
}
