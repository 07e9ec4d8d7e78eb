using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// The bounded queue between the socket reader and the consumer, and its shedding policy:
/// <list type="number">
/// <item>Control events (state changes, disconnection windows, resnapshot requests) are never shed: the reader waits.</item>
/// <item>A delta or heartbeat waits for room up to <c>BackPressureTimeout</c> (back-pressure). The reader must not wait
/// longer, or it stops reading heartbeats and answering pings and the platform would mark the agents offline.</item>
/// <item>Past that, the buffer sheds: deltas are dropped and their agent ids collected; heartbeats are dropped (freshness
/// is tracked by the reader itself, not by the consumer).</item>
/// <item>Once the consumer has drained the buffer to half its capacity, one <see cref="ResnapshotRequired"/> with every
/// shed agent goes in before any newer event, so no agent is silently lost: its state is re-read from REST. Past
/// <c>MaxShedAgentIds</c> distinct agents it names every watched agent.</item>
/// </list>
/// Only the socket reader writes, so checking for room and then writing cannot race.
/// </summary>
internal sealed class EventBuffer
{
    private readonly Channel<PlatformEvent> _channel;
    private readonly int _capacity;
    private readonly TimeSpan _backPressureTimeout;
    private readonly int _maxShedIds;
    private readonly IReadOnlyCollection<string> _watchedAgents;
    private readonly ChannelStatusTracker _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _tenantId;
    private readonly HashSet<string> _shedAgents = new(StringComparer.Ordinal);
    private bool _shedding;
    private bool _shedEveryAgent;

    public EventBuffer(
        int capacity,
        TimeSpan backPressureTimeout,
        int maxShedIds,
        IReadOnlyCollection<string> watchedAgents,
        ChannelStatusTracker status,
        TimeProvider time,
        ILogger logger,
        string tenantId)
    {
        _capacity = capacity;
        _backPressureTimeout = backPressureTimeout;
        _maxShedIds = maxShedIds;
        _watchedAgents = watchedAgents;
        _status = status;
        _time = time;
        _logger = logger;
        _tenantId = tenantId;
        _channel = System.Threading.Channels.Channel.CreateBounded<PlatformEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    public ChannelReader<PlatformEvent> Reader => _channel.Reader;

    /// <summary>Events waiting for the consumer.</summary>
    public int Backlog => _channel.Reader.Count;

    private bool HasShedAgents => _shedAgents.Count > 0 || _shedEveryAgent;

    /// <summary>Publishes an event that must never be shed, waiting for room as long as it takes.</summary>
    public async ValueTask PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        if (_shedding)
        {
            if (HasShedAgents)
            {
                await _channel.Writer.WriteAsync(ResnapshotRequest(), cancellationToken).ConfigureAwait(false);
            }

            ShedFlushed();
        }

        await _channel.Writer.WriteAsync(platformEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Offers a delta (with its agent) or a heartbeat (no agent): written when there is room within the back-pressure
    /// timeout, shed otherwise. Returns whether it was written.
    /// </summary>
    public async ValueTask<bool> OfferAsync(PlatformEvent platformEvent, string? agentId, CancellationToken cancellationToken)
    {
        if (_shedding && !TryFlushShed())
        {
            Shed(agentId);
            return false;
        }

        if (_channel.Writer.TryWrite(platformEvent))
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(_backPressureTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (await _channel.Writer.WaitToWriteAsync(linked.Token).ConfigureAwait(false) && _channel.Writer.TryWrite(platformEvent))
            {
                return true;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _shedding = true;
            PlatformLog.SheddingStarted(_logger, _tenantId, _capacity, _backPressureTimeout);
        }

        Shed(agentId);
        return false;
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    /// <summary>
    /// Runs the channel that writes into this buffer until it ends, then completes the buffer: quietly on cancellation,
    /// with the channel's fault otherwise (and rethrows it). The channel outlives the call that started it, so its spans
    /// (connects, tokens, each delta) start traces of their own.
    /// </summary>
    public async Task FillFromAsync(Func<CancellationToken, Task> channel, CancellationToken cancellationToken)
    {
        Activity.Current = null;
        try
        {
            await channel(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Complete();
            return;
        }
        catch (Exception ex)
        {
            Complete(ex);
            throw;
        }

        Complete();
    }

    /// <summary>Every event, in order, until the buffer is completed or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<PlatformEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await WaitToReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var platformEvent))
            {
                yield return platformEvent;
            }
        }
    }

    private static async ValueTask<bool> WaitToReadAsync(ChannelReader<PlatformEvent> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Shed(string? agentId)
    {
        if (agentId is null)
        {
            return;
        }

        _status.CountShed();
        if (!_shedEveryAgent && _shedAgents.Add(agentId) && _shedAgents.Count > _maxShedIds)
        {
            _shedEveryAgent = true;
            _shedAgents.Clear();
        }
    }

    /// <summary>Hysteresis: shedding ends only once the consumer has drained half the buffer, not at the first free slot.</summary>
    private bool TryFlushShed()
    {
        if (_channel.Reader.Count > _capacity / 2)
        {
            return false;
        }

        if (HasShedAgents && !_channel.Writer.TryWrite(ResnapshotRequest()))
        {
            return false;
        }

        ShedFlushed();
        return true;
    }

    private ResnapshotRequired ResnapshotRequest()
    {
        var agents = _shedEveryAgent ? _watchedAgents : [.. _shedAgents];
        var reason = _shedEveryAgent
            ? $"more than {_maxShedIds} agents had deltas shed while the consumer was behind"
            : "deltas were shed while the consumer was behind";
        return new ResnapshotRequired(_time.GetUtcNow(), agents, reason);
    }

    private void ShedFlushed()
    {
        if (HasShedAgents)
        {
            PlatformLog.ResnapshotRequested(_logger, _tenantId, _shedEveryAgent ? _watchedAgents.Count : _shedAgents.Count);
        }

        _shedAgents.Clear();
        _shedEveryAgent = false;
        _shedding = false;
    }
}
