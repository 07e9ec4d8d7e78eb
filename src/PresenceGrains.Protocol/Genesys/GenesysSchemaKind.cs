namespace PresenceGrains.Protocol.Genesys;

/// <summary>Every Genesys message the emulator emits (and the adapter reads), each with a schema in <c>Genesys/Schemas/</c>.</summary>
public enum GenesysSchemaKind
{
    /// <summary><see cref="GenesysTokenResponse"/>.</summary>
    TokenResponse,

    /// <summary><see cref="GenesysOAuthError"/>.</summary>
    OAuthError,

    /// <summary><see cref="GenesysChannel"/>.</summary>
    Channel,

    /// <summary><see cref="GenesysChannelListing"/>.</summary>
    ChannelListing,

    /// <summary><see cref="GenesysChannelTopicListing"/>.</summary>
    TopicListing,

    /// <summary><see cref="GenesysErrorBody"/>.</summary>
    ErrorBody,

    /// <summary><c>v2.users.{id}.presence</c>: a <see cref="GenesysNotification{TBody}"/> of <see cref="GenesysPresenceEvent"/>.</summary>
    PresenceNotification,

    /// <summary><c>v2.users.{id}.routingStatus</c>, of <see cref="GenesysRoutingStatusEvent"/>.</summary>
    RoutingStatusNotification,

    /// <summary><c>v2.users.{id}.conversationsummary</c>, of <see cref="GenesysConversationSummary"/>.</summary>
    ConversationSummaryNotification,

    /// <summary><c>v2.users.{id}.station</c>, of <see cref="GenesysStationEvent"/>.</summary>
    StationNotification,

    /// <summary><c>channel.metadata</c> (heartbeat, pong), of <see cref="GenesysChannelMetadata"/>.</summary>
    ChannelMetadataNotification,

    /// <summary><c>v2.system.*</c>, of <see cref="GenesysSystemMessage"/>.</summary>
    SystemNotification,

    /// <summary><see cref="GenesysSocketResult"/>.</summary>
    SocketResult,

    /// <summary><see cref="GenesysUserListing"/>.</summary>
    UserListing,

    /// <summary>The bulk presence answer: an array of <see cref="GenesysUserPresence"/>.</summary>
    BulkPresence,
}
