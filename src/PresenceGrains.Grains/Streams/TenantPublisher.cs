using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Puts the publications of every agent on this silo onto their tenant's streams, many to a stream message
/// (<see cref="PublicationBatcher"/>). The live tenant stream (in-cluster memory streams, no storage) gets each batch at
/// once, up to <see cref="MaxWritesInFlight"/> messages on their way; an agent's publication completes when the live
/// stream has taken it. Each agent awaits its own publication before it hands over the next, so no two of an agent's
/// publications are ever in flight together and its order is kept whichever message lands first. The history copy
/// (<see cref="HistoryStreams"/>, a durable queue on Azure Storage) goes in <see cref="HistoryLanes"/> lanes by agent,
/// one message at a time each (so an agent's copies stay in order), lingering <see cref="HistoryLinger"/> for company:
/// every queue message is a storage round trip (and, on Azurite, an extent that its collector later sorts through: a
/// message per publication stalled the emulator for minutes, docs/benchmarks/findings.md), so history costs about ten
/// messages a second per tenant and silo at low rates and full messages at high ones. A publication does not wait for
/// its history copy unless <see cref="HistoryCapacity"/> copies are waiting: routing is not held back by a slow storage
/// until then, and past it back-pressure, never loss.
/// </summary>
public sealed partial class TenantPublisher(IServiceProvider services, TimeProvider time, ILogger<TenantPublisher> logger)
{
    /// <summary>The most publications in one stream message (an Azure queue message holds 64 KB; ~300 bytes each).</summary>
    public const int MaxBatch = 128;

    /// <summary>Live stream messages of one tenant on their way at once from this silo.</summary>
    public const int MaxWritesInFlight = 8;

    /// <summary>
    /// History copies of one tenant waiting on this silo before publications wait for them: about 60 MB, two minutes
    /// at 2,000 publications/s on an Azurite that drains ~400/s (docs/benchmarks/findings.md).
    /// </summary>
    public const int HistoryCapacity = 200_000;

    /// <summary>History messages of one tenant on their way at once from this silo, each lane holding a share of the agents.</summary>
    public const int HistoryLanes = 2;

    /// <summary>How long a history message waits for more publications before it goes.</summary>
    public static readonly TimeSpan HistoryLinger = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a live write may go unanswered before its publications are handed to the directory as well: a memory
    /// queue answers in milliseconds, and a full one refuses at once.
    /// </summary>
    public static readonly TimeSpan StreamQuiet = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, TenantStreams> _tenants = new(StringComparer.Ordinal);

    /// <summary>Completes once the publication is on the live tenant stream (and its history copy is queued).</summary>
    public async Task PublishAsync(AgentPresence presence, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(presence);
        var tenant = _tenants.GetOrAdd(presence.TenantId, Open);
        var lane = tenant.History[(int)((uint)StringComparer.Ordinal.GetHashCode(presence.AgentId) % HistoryLanes)];
        var history = lane.Add(presence, span);
        var live = tenant.Live.Add(presence, span);
        if (!live.IsCompleted && tenant.Queue.Unreachable)
        {
            tenant.Queue.HandAside([presence]);
        }

        await live;
        if (tenant.History.Sum(l => l.Waiting) > HistoryCapacity)
        {
            await history;
        }
    }

    private TenantStreams Open(string tenantId)
    {
        var client = services.GetRequiredService<IClusterClient>();
        var live = client.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, tenantId));
        var history = client.GetStreamProvider(HistoryStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(HistoryStreams.Namespace, tenantId));
        var queue = new LiveQueue(HandAside(client, tenantId));
        return new TenantStreams(
            new PublicationBatcher(batch => WriteUntilTakenAsync(tenantId, live, batch, queue), MaxWritesInFlight, TimeSpan.Zero, time),
            [.. Enumerable.Range(0, HistoryLanes).Select(_ => new PublicationBatcher(batch => WriteUntilTakenAsync(tenantId, history, batch, queue: null), 1, HistoryLinger, time))],
            queue);
    }

    /// <summary>
    /// Gives the tenant directory, one-way, live publications whose stream queue cannot be reached (the write is refused
    /// as such, or not answered within <see cref="StreamQuiet"/>). They wait here until the queue's silo is declared dead
    /// and the queue moves (7 s in `chaos`); meanwhile the directory listed the agent's previous state, routable while
    /// the agent was on a call. Routers following the stream still get them, in order, once the queue takes them.
    /// </summary>
    private static Action<List<AgentPresence>> HandAside(IClusterClient client, string tenantId) =>
        items => client.GetGrain<IDirectoryInbox>(tenantId).StreamRefusedAsync(items).Ignore();

    /// <param name="queue">The live stream's queue state; null for history, which is not handed aside.</param>
    private async Task WriteUntilTakenAsync(
        string tenantId, IAsyncStream<AgentPresence> stream, List<(AgentPresence Presence, Activity? Span)> batch, LiveQueue? queue)
    {
        // A stream message carries one request context: the first publication's span is what its consumers continue.
        var items = batch.Select(b => b.Presence).ToList();
        var handedAside = false;
        void HandAsideOnce()
        {
            if (queue is not null && !handedAside)
            {
                handedAside = true;
                queue.HandAside(items);
            }
        }

        await PublishRetry.WriteUntilTakenAsync(
            () =>
            {
                StreamTraceContext.Inject(batch[0].Span);
                var write = stream.OnNextBatchAsync(items);
                return queue is null ? write : StreamRefusals.AwaitOrHandAsideAsync(write, StreamQuiet, time, HandAsideOnce);
            },
            time,
            (ex, wait) =>
            {
                LogRetry(ex, tenantId, stream.StreamId.ToString(), items.Count, wait);
                if (StreamRefusals.IsQueueUnreachable(ex))
                {
                    HandAsideOnce();
                }
            },
            ex => LogStalled(ex, tenantId, stream.StreamId.ToString(), items.Count),
            CancellationToken.None);
        queue?.Answered();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}: {Count} publications not taken by stream {Stream} yet; trying again in {Wait}")]
    private partial void LogRetry(Exception exception, string tenantId, string stream, int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {TenantId}: {Count} publications still refused by stream {Stream} after a round of retries; holding them")]
    private partial void LogStalled(Exception exception, string tenantId, string stream, int count);

    private sealed record TenantStreams(PublicationBatcher Live, IReadOnlyList<PublicationBatcher> History, LiveQueue Queue);
}
