namespace PresenceGrains.Abstractions;

/// <summary>Why a published presence changed.</summary>
public enum ChangeCause
{
    /// <summary>A real-time delta from the platform channel.</summary>
    Delta = 0,

    /// <summary>An authoritative REST snapshot (start-up, reconnect, re-read after shedding).</summary>
    Snapshot = 1,

    /// <summary>A reminder-driven decay: a silent device went offline, or a lost channel outlived its TTL.</summary>
    Decay = 2,

    /// <summary>The channel's freshness changed (stale, reconnecting, restored).</summary>
    Reconnect = 3,
}
