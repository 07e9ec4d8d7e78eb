using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Client;

/// <summary>
/// One subscription to a tenant's change stream, kept alive across gateway losses: when the client loses every gateway
/// it subscribes again (retrying until the cluster answers) and queues a <see cref="PresenceChangeKind.Resubscribed"/>
/// gap. Changes wait in a bounded channel; when it is full they are dropped and an
/// <see cref="PresenceChangeKind.Overflowed"/> gap takes their place, so the reader always learns what it missed.
/// When a gateway is lost while others answer, a silo most likely died, and the publications queued on the stream queues
/// it held died with it; the stream delivered nothing at all for 10–30 s after such a kill in the cluster soak, while
/// the tenant's directory (which reads back what the stream does not bring) agreed with the truth. So the feed reads the
/// directory every <see cref="PresenceClientOptions.FeedRepairPeriod"/> for <see cref="PresenceClientOptions.FeedRepairWindow"/>
/// and delivers, as ordinary changes, what advances an agent past what the reader was given.
/// </summary>
internal sealed class PresenceFeed : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UnsubscribeBound = TimeSpan.FromSeconds(5);

    private readonly IClusterClient _client;
    private readonly ClusterConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _tenantId;
    private readonly KeyValuePair<string, object?> _tenantTag;
    private readonly HashSet<string>? _agents;
    private readonly TimeSpan _repairPeriod;
    private readonly TimeSpan _repairWindow;
    private readonly Channel<PresenceChange> _changes;
    private readonly Lock _gate = new();
    private readonly AgentSequences _sequences = new();
    private readonly CancellationTokenSource _stop = new();
    private PresenceChangeKind? _pendingGap;
    private int _generation;
    private StreamSubscriptionHandle<AgentPresence>? _handle;
    private Task _keeper = Task.CompletedTask;
    private Task _repairer = Task.CompletedTask;
    private int _directoryReads;
    private int _marksAwaited;

    public PresenceFeed(
        IClusterClient client, ClusterConnection connection, TimeProvider time, ILogger logger, string tenantId, IEnumerable<string>? agents,
        PresenceClientOptions options)
    {
        _client = client;
        _connection = connection;
        _time = time;
        _logger = logger;
        _tenantId = tenantId;
        _tenantTag = new KeyValuePair<string, object?>(ClientMetrics.TenantTag, tenantId);
        _agents = agents?.ToHashSet(StringComparer.Ordinal);
        _repairPeriod = options.FeedRepairPeriod;
        _repairWindow = options.FeedRepairWindow;
        _changes = Channel.CreateBounded<PresenceChange>(new BoundedChannelOptions(options.FeedCapacity) { SingleReader = true });
    }

    public ChannelReader<PresenceChange> Changes => _changes.Reader;

    /// <summary>Reads of the directory after gateway losses so far, answered or not.</summary>
    internal int DirectoryReads => Volatile.Read(ref _directoryReads);

    /// <summary>Waits for a period's mark begun so far: its timer is set (a test moving a fake clock waits for it first).</summary>
    internal int MarksAwaited => Volatile.Read(ref _marksAwaited);

    /// <summary>Subscribes once; a failure here is the caller's (the cluster is unreachable now).</summary>
    public async Task StartAsync()
    {
        // Read before subscribing, so that a loss while subscribing is not missed.
        var loss = _connection.NextLoss;
        var gatewayLoss = _connection.NextGatewayLoss;
        await SubscribeAsync();
        _keeper = KeepAsync(loss, _stop.Token);
        _repairer = _repairWindow > TimeSpan.Zero ? RepairAsync(gatewayLoss, _stop.Token) : Task.CompletedTask;
    }

    /// <summary>Queues a gap the channel had no room for once the reader has made room; true when one was queued.</summary>
    public bool FlushPendingGap()
    {
        lock (_gate)
        {
            if (_pendingGap is not { } gap || !_changes.Writer.TryWrite(new PresenceChange(gap, null, _time.GetUtcNow())))
            {
                return false;
            }

            _pendingGap = null;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in new[] { _keeper, _repairer })
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Interlocked.Increment(ref _generation);
        await UnsubscribeQuietlyAsync(_handle);
        _changes.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task SubscribeAsync()
    {
        var generation = Interlocked.Increment(ref _generation);
        var stream = _client.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, _tenantId));
        _handle = await stream.SubscribeAsync((presence, _) =>
        {
            Deliver(presence, generation);
            return Task.CompletedTask;
        });
    }

    private async Task KeepAsync(Task loss, CancellationToken cancellationToken)
    {
        while (true)
        {
            await loss.WaitAsync(cancellationToken);
            loss = _connection.NextLoss;
            var lost = _handle;

            // Deliveries to the old subscription, should it have survived, are dropped from here on.
            Interlocked.Increment(ref _generation);
            ClientLog.FeedLost(_logger, _tenantId);
            var attempts = await ResubscribeAsync(cancellationToken);
            await UnsubscribeQuietlyAsync(lost);
            Queue(new PresenceChange(PresenceChangeKind.Resubscribed, null, _time.GetUtcNow()));
            ClientLog.FeedResubscribed(_logger, _tenantId, attempts);
        }
    }

    private async Task<int> ResubscribeAsync(CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SubscribeAsync();
                return attempt;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ClientLog.ResubscribeFailed(_logger, _tenantId, attempt, ex.GetType().Name);
                await Task.Delay(wait, _time, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    /// <summary>
    /// After each gateway loss, reads the directory at once and then on every period from the loss, until the window has
    /// passed since the latest loss. A read that fails or takes longer than a period (the directory's silo is the one that
    /// died, say) is given up, and the next mark reads again.
    /// </summary>
    private async Task RepairAsync(Task gatewayLoss, CancellationToken cancellationToken)
    {
        while (true)
        {
            await gatewayLoss.WaitAsync(cancellationToken);
            gatewayLoss = _connection.NextGatewayLoss;
            var from = _time.GetUtcNow();
            ClientMetrics.GatewayLosses.Add(1, _tenantTag);
            var repaired = 0;
            var reads = 0;
            var slot = 0;
            while (true)
            {
                repaired += await ReadDirectoryAsync();
                reads++;
                var now = _time.GetUtcNow();
                if (gatewayLoss.IsCompleted)
                {
                    // Another loss: its window starts now.
                    gatewayLoss = _connection.NextGatewayLoss;
                    ClientMetrics.GatewayLosses.Add(1, _tenantTag);
                    from = now;
                    slot = 0;
                }

                slot = Math.Max(slot + 1, (int)Math.Ceiling((now - from) / _repairPeriod));
                var next = from + (_repairPeriod * slot);
                if (next > from + _repairWindow)
                {
                    break;
                }

                if (next > now)
                {
                    // A loss meanwhile is read for at once.
                    var mark = Task.Delay(next - now, _time, cancellationToken);
                    Interlocked.Increment(ref _marksAwaited);
                    await Task.WhenAny(mark, gatewayLoss);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            ClientLog.FeedRepaired(_logger, _tenantId, reads, repaired);
        }
    }

    /// <summary>
    /// Delivers the directory's publications past what the reader was given; the count delivered, 0 if the read failed.
    /// The publications as published: the list a reader is shown lays Reconnecting over them at the same sequence while
    /// the reading silo has lost the connector, and taken as a publication that would hide the agent's Fresh state at
    /// that sequence for good (seen in <c>SiloLossTests</c>).
    /// </summary>
    private async Task<int> ReadDirectoryAsync()
    {
        var delivered = 0;
        try
        {
            // Bounded by the period: the directory may have lived on the silo that died, and a call to it waits for Orleans'
            // response timeout (30 s) while the next read would reach its new activation once the death is declared.
            var listed = await _client.GetGrain<ITenantPresenceGrain>(_tenantId).ListPublishedAsync().WaitAsync(_repairPeriod, _time);
            var generation = Volatile.Read(ref _generation);
            delivered = listed.Count(presence => Deliver(presence, generation));
            if (delivered > 0)
            {
                ClientMetrics.Repaired.Add(delivered, _tenantTag);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClientLog.RepairReadFailed(_logger, _tenantId, ex.GetType().Name);
        }

        Interlocked.Increment(ref _directoryReads);
        return delivered;
    }

    /// <summary>Queues a presence that advances its agent (and is one the reader follows); true when it did.</summary>
    private bool Deliver(AgentPresence presence, int generation)
    {
        if (generation != Volatile.Read(ref _generation) || (_agents is not null && !_agents.Contains(presence.AgentId)))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_sequences.Advance(presence))
            {
                return false;
            }
        }

        Queue(new PresenceChange(PresenceChangeKind.Changed, presence, _time.GetUtcNow()));
        return true;
    }

    private void Queue(PresenceChange change)
    {
        lock (_gate)
        {
            if (_pendingGap is { } gap)
            {
                if (!_changes.Writer.TryWrite(new PresenceChange(gap, null, change.ReceivedAt)))
                {
                    // Still no room: a resubscription outranks an overflow only in what it says; both mean "re-read".
                    _pendingGap = change.Kind == PresenceChangeKind.Resubscribed ? change.Kind : gap;
                    return;
                }

                _pendingGap = null;
            }

            if (!_changes.Writer.TryWrite(change))
            {
                _pendingGap = change.Kind == PresenceChangeKind.Changed ? PresenceChangeKind.Overflowed : change.Kind;
            }
        }
    }

    private async Task UnsubscribeQuietlyAsync(StreamSubscriptionHandle<AgentPresence>? handle)
    {
        if (handle is null)
        {
            return;
        }

        try
        {
            await handle.UnsubscribeAsync().WaitAsync(UnsubscribeBound, _time);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The subscription may have gone with the silo that held it; its deliveries are ignored either way.
            ClientLog.UnsubscribeFailed(_logger, _tenantId, ex.GetType().Name);
        }
    }
}
