using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.History;

/// <summary>
/// A tenant's history writer (key: tenant id): numbers every publication of the tenant stream, stores it, and only then
/// puts it on the feed stream, so that anything a live client saw can be replayed from history by its id. Numbering is
/// done on arrival; storing and the feed go in batches beside the stream's deliveries (one Azure Table transaction of up
/// to 99 events and the last-id row, then one feed message), so history keeps up with the publication rate instead of
/// costing round trips per event. It reads its own copy of the publications (<see cref="HistoryStreams"/>): when storage
/// is slower than the publication rate, the backlog waits in that stream's queue, not in front of live subscribers.
/// </summary>
[ImplicitStreamSubscription(HistoryStreams.Namespace)]
public sealed partial class HistoryRecorderGrain(
    IPresenceHistory history, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryRecorderGrain> logger)
    : Grain, IHistoryRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<AgentPresence>
{
    /// <summary>One table transaction: 99 events and the row that keeps the last id.</summary>
    public const int MaxBatch = 99;

    /// <summary>
    /// Past this many waiting events a delivery waits until the next batch is stored: back-pressure, never loss. Small,
    /// because the history stream's queue is the place to wait (durable on Azure); what waits here dies with the silo.
    /// </summary>
    public const int MaxPending = 2_000;

    /// <summary>
    /// Batches being stored at once. A batch waits on two table transactions (feed and agent days); on a loaded storage
    /// that is hundreds of milliseconds, and one at a time held history to a few hundred events a second. Stored side by
    /// side, they still reach the feed in order.
    /// </summary>
    public const int MaxBatchesInFlight = 4;

    private static readonly TimeSpan[] RetryDelays = [.. new[] { 100, 500, 1000, 2000, 5000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private readonly Queue<Pending> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly AgentSequences _recorded = new();
    private long _lastId = -1;
    private long _lastStoredId;
    private Task _flushing = Task.CompletedTask;
    private TaskCompletionSource? _room;
    private IAsyncStream<PresenceEvent> _feed = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _feed = this.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<PresenceEvent>(StreamId.Create(PresenceStreams.FeedNamespace, this.GetPrimaryKeyString()));
        this.RegisterGrainTimer(PruneAsync, new GrainTimerCreationOptions(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // What was numbered is stored before the activation goes, or the next one would number it again; storage and the
        // feed are waited for as long as the deactivation may take, then given up (said in the log, never silently).
        await using (cancellationToken.Register(_stopping.Cancel))
        {
            try
            {
                await _flushing;
            }
            catch (OperationCanceledException)
            {
                LogGivenUp(this.GetPrimaryKeyString(), _pending.Count, _lastStoredId, reason.Description);
            }
        }

        _stopping.Dispose();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<AgentPresence>().ResumeAsync(this);
    }

    public async Task OnNextAsync(AgentPresence item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_recorded.Advance(item))
        {
            // Delivered again (at least once delivery): it has its id already, and a second one would make it two events.
            return;
        }

        if (_lastId < 0)
        {
            _lastId = await history.GetLastEventIdAsync(this.GetPrimaryKeyString());
            _lastStoredId = _lastId;
        }

        // The span covers the event's wait, storage and feed publication; it ends when the event is on the feed.
        var span = PresenceTelemetry.Start(PresenceTelemetry.HistoryRecordSpan, ActivityKind.Consumer, StreamTraceContext.Extract());
        var presenceEvent = new PresenceEvent(++_lastId, item);
        span?.SetTag(TelemetryTags.FeedId, presenceEvent.Id);
        _pending.Enqueue(new Pending(presenceEvent, span, time.GetUtcNow()));
        if (_flushing.IsCompleted)
        {
            // The flush outlives this delivery: its storage calls must not run under this event's span.
            var current = Activity.Current;
            Activity.Current = null;
            _flushing = FlushAsync();
            Activity.Current = current;
        }

        // Wait for room, not for the whole queue: a delivery that waits longer than a grain call may would time out.
        while (_pending.Count >= MaxPending && !_flushing.IsCompleted)
        {
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _room.Task;
        }
    }

    public Task<HistoryLag> GetLagAsync() => Task.FromResult(new HistoryLag(
        _pending.Count, _pending.TryPeek(out var oldest) ? time.GetUtcNow() - oldest.ArrivedAt : TimeSpan.Zero, _lastStoredId));

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private async Task FlushAsync()
    {
        try
        {
            await FlushBatchesAsync(_stopping.Token);
        }
        finally
        {
            // Deliveries waiting for room must not wait for a flush that has ended.
            ReleaseRoom();
        }
    }

    private async Task FlushBatchesAsync(CancellationToken stopping)
    {
        var tenantId = this.GetPrimaryKeyString();
        var storing = new Queue<(List<Pending> Batch, List<PresenceEvent> Events, Task Stored)>();
        while (_pending.Count > 0 || storing.Count > 0)
        {
            while (storing.Count < MaxBatchesInFlight && _pending.Count > 0)
            {
                var batch = new List<Pending>(Math.Min(_pending.Count, MaxBatch));
                while (batch.Count < MaxBatch && _pending.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                var events = batch.Select(p => p.Event).ToList();
                storing.Enqueue((batch, events, StoreAsync(tenantId, events, stopping)));
            }

            // Oldest first: the feed and the stored id move on in numbering order whatever order storage answers in.
            var (stored, storedEvents, done) = storing.Dequeue();
            await done;
            _lastStoredId = storedEvents[^1].Id;
            // A batch left the queue: a delivery waits about one batch's round trip, well inside a grain call's timeout.
            ReleaseRoom();

            // The batch goes on the feed as one stream message (one queue message on Azure): a message carries one
            // request context, so the feed continues the first event's span.
            StreamTraceContext.Inject(stored[0].Span);
            await PublishRetry.WriteUntilTakenAsync(
                () => _feed.OnNextBatchAsync(storedEvents),
                time,
                (ex, wait) => LogFeedRetry(ex, tenantId, storedEvents.Count, wait),
                ex => LogFeedStalled(ex, tenantId, storedEvents.Count),
                stopping);
            foreach (var item in stored)
            {
                item.Span?.Dispose();
            }
        }
    }

    private void ReleaseRoom()
    {
        if (_room is { } room)
        {
            _room = null;
            room.SetResult();
        }
    }

    /// <summary>Stores a batch, trying again until storage takes it: an event on the feed must be in history first.</summary>
    private async Task StoreAsync(string tenantId, IReadOnlyList<PresenceEvent> batch, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            stopping.ThrowIfCancellationRequested();
            try
            {
                await history.AppendAsync(tenantId, batch);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var wait = RetryDelays[Math.Min(attempt, RetryDelays.Length - 1)];
                LogStoreRetry(ex, tenantId, batch.Count, wait);
                await Task.Delay(wait, time, stopping);
            }
        }
    }

    private Task PruneAsync(CancellationToken cancellationToken) =>
        history.PruneAsync(this.GetPrimaryKeyString(), time.GetUtcNow() - options.Value.Retention, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed of tenant {TenantId}: {Count} stored events not taken by the stream yet; trying again in {Wait}")]
    private partial void LogFeedRetry(Exception exception, string tenantId, int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed of tenant {TenantId}: {Count} stored events still refused by the stream after a round of retries; holding them")]
    private partial void LogFeedStalled(Exception exception, string tenantId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "History of tenant {TenantId} deactivating ({Reason}) before storage and the feed took everything: {Pending} events not stored, stored up to id {LastStoredId}; later ids are missing from history and the live feed")]
    private partial void LogGivenUp(string tenantId, int pending, long lastStoredId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History of tenant {TenantId}: {Count} events not stored yet; trying again in {Wait}")]
    private partial void LogStoreRetry(Exception exception, string tenantId, int count, TimeSpan wait);

    private sealed record Pending(PresenceEvent Event, Activity? Span, DateTimeOffset ArrivedAt);
}
