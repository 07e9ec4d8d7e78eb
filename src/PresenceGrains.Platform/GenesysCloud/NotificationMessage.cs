using PresenceGrains.Domain.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>What one notification-socket frame was, once read and checked.</summary>
internal abstract record NotificationMessage
{
    /// <summary>The platform's heartbeat on <c>channel.metadata</c>.</summary>
    public sealed record Heartbeat : NotificationMessage;

    /// <summary>The answer to the client's <c>{"message":"ping"}</c>.</summary>
    public sealed record Pong : NotificationMessage;

    /// <summary><c>v2.system.socket_closing</c>: the platform will close this socket; open a replacement first.</summary>
    public sealed record SocketClosing : NotificationMessage;

    /// <summary><c>v2.system.no_longer_subscribed</c>: the channel lost its topics.</summary>
    public sealed record NoLongerSubscribed : NotificationMessage;

    /// <summary><c>v2.system.token_revoked</c>: the token the channel was created with no longer holds.</summary>
    public sealed record TokenRevoked : NotificationMessage;

    /// <summary>The user's presence changed (only the primary presence counts).</summary>
    public sealed record Presence(string UserId, GenesysSystemPresence Value, DateTimeOffset ModifiedDate) : NotificationMessage;

    /// <summary>The user's routing status changed.</summary>
    public sealed record Routing(string UserId, GenesysRoutingStatus Status, DateTimeOffset StartTime) : NotificationMessage;

    /// <summary>The user's conversation summary changed (no timestamp: ordered by arrival).</summary>
    public sealed record Conversations(string UserId, ConversationCounts Counts) : NotificationMessage;

    /// <summary>The user's station association changed (ordered by arrival).</summary>
    public sealed record Station(string UserId, bool Associated) : NotificationMessage;

    /// <summary>A valid message this adapter has no use for (another source's presence, a topic it did not ask for).</summary>
    public sealed record Ignored(string Why) : NotificationMessage;

    /// <summary>Not JSON, or not the shape its topic promises.</summary>
    public sealed record Invalid(string Problem, bool Malformed) : NotificationMessage;
}
