namespace PresenceGrains.Protocol.Genesys;

/// <summary>The per-user topics that carry presence, as flags: a combined topic names several at once.</summary>
[Flags]
public enum GenesysUserTopicParts
{
    None = 0,
    Presence = 1,
    RoutingStatus = 2,
    ConversationSummary = 4,
    Station = 8,
    All = Presence | RoutingStatus | ConversationSummary | Station,
}
