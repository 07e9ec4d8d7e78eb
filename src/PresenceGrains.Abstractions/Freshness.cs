namespace PresenceGrains.Abstractions;

/// <summary>How much the platform channel behind a presence can be trusted right now.</summary>
public enum Freshness
{
    /// <summary>Heartbeats arrive; the state is current.</summary>
    Fresh = 0,

    /// <summary>No heartbeat or message within the stale threshold; the state may be out of date.</summary>
    Stale = 1,

    /// <summary>The channel is lost and being re-established; shown instead of a false Offline.</summary>
    Reconnecting = 2,
}
