using PresenceGrains.Domain.Channel;

namespace PresenceGrains.Platform.Channel;

/// <summary>What the channel does when a heartbeat is overdue on an open socket, and when traffic comes back.</summary>
internal interface ISilenceHandler
{
    /// <summary>A heartbeat is overdue: the socket may be half-open, and nothing it says can be trusted to be current.</summary>
    ValueTask SilentAsync(TimeSpan silence, TimeSpan heartbeatInterval, CancellationToken cancellationToken);

    /// <summary>Traffic came back after a silence; <see cref="SilenceEnded.HeartbeatsMissed"/> says whether the socket may have swallowed deltas.</summary>
    ValueTask ResumedAsync(SilenceEnded silence, CancellationToken cancellationToken);
}
