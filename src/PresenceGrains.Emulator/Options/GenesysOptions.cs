using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator;

/// <summary>The Genesys Cloud mode's own settings (<c>Emulator:Genesys:*</c>); defaults are Genesys's published figures.</summary>
public sealed class GenesysOptions
{
    /// <summary>How often every socket gets <c>channel.metadata</c> "WebSocket Heartbeat" (Genesys: about 30 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a channel lives after it was created or last subscribed (Genesys: 24 h).</summary>
    public TimeSpan ChannelLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most topics one channel holds; more is a 400 (Genesys: 1,000).</summary>
    public int MaxTopicsPerChannel { get; set; } = GenesysTopics.MaxTopicsPerChannel;

    /// <summary>The most channels one OAuth client holds; another removes the oldest (Genesys: 20).</summary>
    public int MaxChannelsPerClient { get; set; } = GenesysTopics.MaxChannelsPerClient;
}
