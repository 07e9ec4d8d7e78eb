using Microsoft.Extensions.Logging;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// The paced background re-read (anti-entropy). A platform that silently drops a delta while its heartbeats keep
/// coming trips no rule of the channel, and the wrong state would stay published for hours. So every watched agent is
/// re-read once per <see cref="PlatformOptions.AntiEntropyPeriod"/>: a <see cref="ResnapshotRequired"/> (cause
/// <see cref="ResnapshotCauses.AntiEntropy"/>) for one bulk request's worth of agents at a time, spread evenly over the
/// period, and never faster than <see cref="PlatformOptions.AntiEntropyRestShare"/> of the REST rate. It never competes
/// with a reconnect's snapshot: it waits while the channel is not Connected, and after a reconnect (which re-read every
/// agent) it starts its pass over. Nor does it pile up behind a consumer that is behind: a chunk is only offered when the
/// event buffer is nearly empty.
/// </summary>
internal sealed class AntiEntropy(
    IReadOnlyList<string> watchedAgents,
    ChannelStatusTracker status,
    EventBuffer buffer,
    Func<PlatformEvent, CancellationToken, Task> publish,
    PlatformOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>More events than this waiting for the consumer and the chunk waits for the next turn.</summary>
    private const int BacklogAllowed = 16;

    /// <summary>The spacing of two chunks: the period spread over the pass, but within the REST share.</summary>
    public TimeSpan Interval
    {
        get
        {
            var chunks = Math.Max(1, (watchedAgents.Count + options.SnapshotBatchSize - 1) / options.SnapshotBatchSize);
            var spread = options.AntiEntropyPeriod / chunks;
            var floor = TimeSpan.FromSeconds(1 / (options.RestRequestsPerSecond * options.AntiEntropyRestShare));
            return spread > floor ? spread : floor;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.AntiEntropyPeriod == TimeSpan.Zero || watchedAgents.Count == 0)
        {
            return;
        }

        var chunks = watchedAgents.Chunk(options.SnapshotBatchSize).ToArray();
        var interval = Interval;
        var pass = interval * chunks.Length;
        PlatformLog.AntiEntropyPaced(logger, options.TenantId, watchedAgents.Count, pass, interval);
        var next = 0;
        var reconnects = status.Reconnects;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                if (status.Reconnects != reconnects)
                {
                    // The reconnect re-read every agent: a pass starts from there.
                    reconnects = status.Reconnects;
                    next = 0;
                    continue;
                }

                if (status.State != ChannelState.Connected || buffer.Backlog > BacklogAllowed)
                {
                    continue;
                }

                var chunk = chunks[next];
                await publish(
                    new ResnapshotRequired(time.GetUtcNow(), chunk, $"anti-entropy: background re-read, agents {(next * options.SnapshotBatchSize) + 1}–{(next * options.SnapshotBatchSize) + chunk.Length} of {watchedAgents.Count}")
                    {
                        Cause = ResnapshotCauses.AntiEntropy,
                    },
                    cancellationToken).ConfigureAwait(false);
                next = (next + 1) % chunks.Length;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The channel stopped.
        }
    }
}
