using System.Diagnostics;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Platform.Events;

/// <summary>Something the channel produced, stamped with the local time it was received.</summary>
public abstract record PlatformEvent(DateTimeOffset ReceivedAt);

/// <summary>A validated delta, with the platform's own composite for diagnostics.</summary>
public sealed record DeltaReceived(DateTimeOffset ReceivedAt, PresenceDelta Delta, PresenceLevel? PlatformComposite)
    : PlatformEvent(ReceivedAt)
{
    /// <summary>The delta's receive span, which its processing continues; default when nothing traces.</summary>
    public ActivityContext Trace { get; init; }
}

/// <summary>A heartbeat from the platform.</summary>
public sealed record HeartbeatReceived(DateTimeOffset ReceivedAt, DateTimeOffset PlatformTime) : PlatformEvent(ReceivedAt);

/// <summary>The channel's state changed (connected and subscribed, stale, reconnecting).</summary>
public sealed record ChannelStateChanged(DateTimeOffset ReceivedAt, ChannelState State, string? Detail) : PlatformEvent(ReceivedAt);

/// <summary>
/// Traffic came back on the same socket after a silence long enough to have shown Stale: the channel is Connected
/// again; the socket was never lost, so no window.
/// </summary>
/// <param name="HeartbeatsMissed">The platform's stamps show heartbeats that never arrived (or cannot tell): the
/// socket may have swallowed deltas. False: the platform kept its rhythm and everything it sent arrived, late.</param>
public sealed record ChannelResumed(DateTimeOffset ReceivedAt, TimeSpan Silence, bool HeartbeatsMissed) : PlatformEvent(ReceivedAt);

/// <summary>
/// The channel is back after a gap: the exact window it was down. Yielded right after the reconnect, before any delta
/// of the new connection, so the consumer can snapshot first.
/// </summary>
public sealed record DisconnectionWindow(DateTimeOffset ReceivedAt, DateTimeOffset Start, DateTimeOffset End, string Cause)
    : PlatformEvent(ReceivedAt)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>Events for these agents had to be shed or could not be read; only a snapshot can repair them.</summary>
public sealed record ResnapshotRequired(DateTimeOffset ReceivedAt, IReadOnlyCollection<string> AgentIds, string Reason)
    : PlatformEvent(ReceivedAt)
{
    /// <summary>Why, as one of <see cref="ResnapshotCauses"/>: a short, fixed word for metrics (the reason is prose).</summary>
    public string Cause { get; init; } = ResnapshotCauses.Shed;
}
