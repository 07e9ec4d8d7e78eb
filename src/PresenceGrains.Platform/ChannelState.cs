namespace PresenceGrains.Platform;

/// <summary>The life of the channel.</summary>
public enum ChannelState
{
    /// <summary>Not started yet.</summary>
    Idle = 0,

    /// <summary>Open and subscribed; traffic flows.</summary>
    Connected = 1,

    /// <summary>Open, but no heartbeat or message within the stale threshold.</summary>
    Stale = 2,

    /// <summary>Lost; reconnecting with backoff.</summary>
    Reconnecting = 3,
}
