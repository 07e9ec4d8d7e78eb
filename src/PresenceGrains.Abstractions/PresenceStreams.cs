namespace PresenceGrains.Abstractions;

/// <summary>The Orleans streams on which presence is published. Items are <see cref="AgentPresence"/> unless noted.</summary>
public static class PresenceStreams
{
    /// <summary>The stream provider's name, in every deployment.</summary>
    public const string Provider = "presence";

    /// <summary>
    /// Every agent's changes in one tenant; key = tenant id. The one change stream: a subscriber interested in a few
    /// agents filters it by <see cref="AgentPresence.AgentId"/> (ordered per agent by <see cref="AgentPresence.Sequence"/>).
    /// </summary>
    public const string TenantNamespace = "presence-tenant";

    /// <summary>The tenant's channel health changes (<see cref="ChannelHealth"/>); key = tenant id.</summary>
    public const string ChannelNamespace = "presence-channel";

    /// <summary>The tenant's numbered feed (<see cref="PresenceEvent"/>), written after history; key = tenant id.</summary>
    public const string FeedNamespace = "presence-feed";
}
