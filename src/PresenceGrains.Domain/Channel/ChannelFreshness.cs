namespace PresenceGrains.Domain.Channel;

/// <summary>How current the platform channel is (design §3).</summary>
public enum ChannelFreshness
{
    Fresh = 0,
    Stale = 1,
    Reconnecting = 2,
}
