namespace PresenceGrains.Domain.Channel;

/// <summary>Traffic came back on an open socket after a silence long enough to have shown Stale.</summary>
/// <param name="Duration">From the last traffic before the silence to the frame that ended it.</param>
/// <param name="HeartbeatsMissed">
/// False only when the frame that ended it is a heartbeat whose platform stamp follows the last one within
/// <see cref="FreshnessTracker.StampGapFactor"/> intervals: the platform kept its rhythm, so what it sent meanwhile
/// arrived late on the one ordered socket, not at all lost. True otherwise (a gap in the stamps, a delta first, no
/// stamps): the socket may have swallowed deltas.
/// </param>
public readonly record struct SilenceEnded(TimeSpan Duration, bool HeartbeatsMissed);
