namespace PresenceGrains.Abstractions;

/// <summary>The Orleans streams on which presence is published. Items are <see cref="AgentPresence"/> unless noted.</summary>
public static class PresenceStreams
{
    /// <summary>The stream provider's name, in every deployment.</summary>
    public const string Provider = "presence";

    /// <summary>One agent's changes; key <c>tenant/agentId</c> (<see cref="PresenceKeys.Compose"/>).</summary>
    public const string AgentNamespace = "presence-agent";

    /// <summary>Every agent's changes in one tenant; key = tenant id.</summary>
    public const string TenantNamespace = "presence-tenant";

    /// <summary>The tenant's channel health changes (<see cref="ChannelHealth"/>); key = tenant id.</summary>
    public const string ChannelNamespace = "presence-channel";

    /// <summary>The tenant's numbered feed (<see cref="PresenceEvent"/>), written after history; key = tenant id.</summary>
    public const string FeedNamespace = "presence-feed";
}
