using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Puts the publications of every agent on this silo onto their tenant's stream, many to a stream message: while one
/// write is on its way, the publications that arrive meanwhile gather into the next (group commit). On Azure Queue
/// streams every stream message is a queue message, an HTTP round trip and a share of the queue's ~2,000 messages/s: one
/// per publication held a 10,000-agent tenant to a few hundred deltas/s on Azurite, with seconds of queueing. Up to
/// <see cref="MaxWritesInFlight"/> messages are on their way at once: with one, a tenant's rate was one batch per storage
/// round trip (938 deltas/s on a busy Azurite, whose round trips reach 100 ms). Each agent awaits its own publication
/// before it hands over the next, so no two of an agent's publications are ever in flight together and its order is
/// kept whichever message lands first; a batch the stream refuses is tried again whole, never dropped. Each batch goes on the live tenant stream and, for history, on
/// <see cref="HistoryStreams"/> (a provider of its own, so that history's storage never holds routing back).
/// </summary>
public sealed partial class TenantPublisher(IServiceProvider services, TimeProvider time, ILogger<TenantPublisher> logger)
{
    /// <summary>The most publications in one stream message (an Azure queue message holds 64 KB; ~300 bytes each).</summary>
    public const int MaxBatch = 128;

    /// <summary>Stream messages of one tenant on their way at once from this silo.</summary>
    public const int MaxWritesInFlight = 8;

    private readonly ConcurrentDictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);

    private IServiceProvider Services => services;

    private TimeProvider Time => time;

    /// <summary>Completes once the publication is on the tenant stream.</summary>
    public Task PublishAsync(AgentPresence presence, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return _tenants.GetOrAdd(presence.TenantId, tenantId => new TenantQueue(this, tenantId)).Add(presence, span);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}: {Count} publications not taken by stream {Stream} yet; trying again in {Wait}")]
    private partial void LogRetry(Exception exception, string tenantId, string stream, int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant {TenantId}: {Count} publications still refused by stream {Stream} after a round of retries; holding them")]
    private partial void LogStalled(Exception exception, string tenantId, string stream, int count);

    private sealed class TenantQueue(TenantPublisher owner, string tenantId)
    {
        private readonly Lock _gate = new();
        private readonly List<(AgentPresence Presence, Activity? Span, TaskCompletionSource Done)> _waiting = [];
        private IAsyncStream<AgentPresence>? _live;
        private IAsyncStream<AgentPresence>? _history;
        private int _writers;

        public Task Add(AgentPresence presence, Activity? span)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Add((presence, span, done));
                if (_writers == MaxWritesInFlight)
                {
                    return done.Task;
                }

                _writers++;
            }

            // The writer runs on the thread pool, outside any grain's scheduler and any delta's span.
            _ = Task.Run(WriteAllAsync);
            return done.Task;
        }

        private async Task WriteAllAsync()
        {
            while (true)
            {
                List<(AgentPresence Presence, Activity? Span, TaskCompletionSource Done)> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _writers--;
                        return;
                    }

                    batch = _waiting.Take(MaxBatch).ToList();
                    _waiting.RemoveRange(0, batch.Count);
                }

                await WriteAsync(batch);
                foreach (var item in batch)
                {
                    item.Done.SetResult();
                }
            }
        }

        private async Task WriteAsync(List<(AgentPresence Presence, Activity? Span, TaskCompletionSource Done)> batch)
        {
            // Two writers may both create a handle at first; either is the same stream.
            var client = owner.Services.GetRequiredService<IClusterClient>();
            _live ??= client.GetStreamProvider(PresenceStreams.Provider)
                .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, tenantId));
            _history ??= client.GetStreamProvider(HistoryStreams.Provider)
                .GetStream<AgentPresence>(StreamId.Create(HistoryStreams.Namespace, tenantId));

            // A stream message carries one request context: the first publication's span is what its consumers continue.
            StreamTraceContext.Inject(batch[0].Span);
            var items = batch.Select(b => b.Presence).ToList();
            await Task.WhenAll(WriteUntilTakenAsync(_live, items), WriteUntilTakenAsync(_history, items));
        }

        private Task WriteUntilTakenAsync(IAsyncStream<AgentPresence> stream, List<AgentPresence> items) =>
            PublishRetry.WriteUntilTakenAsync(
                () => stream.OnNextBatchAsync(items),
                owner.Time,
                (ex, wait) => owner.LogRetry(ex, tenantId, stream.StreamId.ToString(), items.Count, wait),
                ex => owner.LogStalled(ex, tenantId, stream.StreamId.ToString(), items.Count),
                CancellationToken.None);
    }
}
