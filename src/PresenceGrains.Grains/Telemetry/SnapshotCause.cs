namespace PresenceGrains.Grains.Telemetry;

/// <summary>Why the connector read agents from REST: the dimension <c>cause</c> of <see cref="PresenceMetrics.SnapshotsApplied"/>.</summary>
public enum SnapshotCause
{
    /// <summary>The channel was (re)subscribed: every watched agent, read beside the live deltas.</summary>
    Connect = 0,

    /// <summary>Traffic resumed after a silence in which heartbeats went missing: every watched agent, beside the loop.</summary>
    Reread = 1,

    /// <summary>Agents re-activated after a silo loss asked for it.</summary>
    Requested = 2,

    /// <summary>The platform asked for it (ResnapshotRequired: shed deltas, a platform-side gap).</summary>
    Platform = 3,

    /// <summary>A call to these agents failed (a timeout, an activation that failed): what it carried is read again.</summary>
    Retry = 4,
}
