using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.History;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Telemetry;
using DisconnectionWindow = PresenceGrains.Abstractions.DisconnectionWindow;
using PlatformWindow = PresenceGrains.Platform.Events.DisconnectionWindow;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// One started channel of a connector: its platform client, its event loop, and what each control event does (design §4).
/// Every (re)connect snapshots every watched agent (REST wins over anything not newer), beside the live deltas;
/// corrections go out for agents whose state changed during the gap. Lives on the connector grain's scheduler; a watch
/// change stops it and starts another.
/// </summary>
internal sealed class ChannelRun : IAsyncDisposable
{
    private readonly IPresencePlatform _platform;
    private readonly AgentInboxes _agents;
    private readonly string _tenantId;
    private readonly IReadOnlyList<string> _agentIds;
    private readonly HealthView _health;
    private readonly DirectoryNotices _directory;
    private readonly FailedAgents _failed;
    private readonly Stragglers _stragglers;
    private readonly FreshnessFanOut _fanOut;
    private readonly SnapshotRepairs _repairs;
    private readonly IPresenceHistory _history;
    private readonly Func<Task> _publishHealth;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _requestedWhileLost = new(StringComparer.Ordinal);
    private DisconnectionWindow? _windowToCorrect;
    private Task<bool> _loop = Task.FromResult(true);
    private Task _marking = Task.CompletedTask;

    /// <summary>How many times the channel was lost: a connect snapshot beside the loop compares it with its own start.</summary>
    private int _losses;

    /// <summary><see cref="_losses"/> when the connect whose snapshot is under way began; null when none is.</summary>
    private int? _connectingAt;
    private bool _connectFailed;

    public ChannelRun(
        IPresencePlatform platform, IGrainFactory grains, string tenantId, IReadOnlyList<string> agentIds, HealthView health,
        IPresenceHistory history, TimeProvider time, PresenceMetrics metrics, Func<Task> publishHealth, ILogger logger)
    {
        _platform = platform;
        _agents = new AgentInboxes(grains, tenantId);
        _tenantId = tenantId;
        _agentIds = agentIds;
        _health = health;
        _history = history;
        _publishHealth = publishHealth;
        _logger = logger;
        _time = time;
        _directory = new DirectoryNotices(tenantId, grains);
        _failed = new FailedAgents(tenantId, _directory, logger);
        _stragglers = new Stragglers(_failed.MarkUnreachable, _failed.Add, answered => _failed.Answered([answered]));
        _fanOut = new FreshnessFanOut(_agents, _failed);
        _repairs = new SnapshotRepairs(platform, _agents, tenantId, time, _fanOut, _failed, _directory, metrics, logger);
        _failed.ScheduleWith(() => _repairs.RetryFailed(ReadFreshness, _stop.Token));
    }

    public ChannelStatus Status => _platform.Status;

    /// <summary>False once the loop ended on a failure: the connector's keep-alive starts a new run.</summary>
    public bool IsRunning => !_loop.IsCompleted && !_connectFailed;

    /// <param name="subscription">What the channel subscribes to.</param>
    /// <param name="maxBatch">The most deltas handed to the grains at once.</param>
    /// <param name="agentsMayBeStale">
    /// True when this channel takes over from one that ran elsewhere or failed (a failover, a graceful move, a restart):
    /// its agents still show what that one last told them, and until this one's first snapshot they are told Reconnecting
    /// (not routable) instead of showing a state nobody is keeping current. False for a watch change on a running
    /// connector: its gap is the time to re-subscribe, and marking every agent unroutable until a snapshot of the whole
    /// watched set (minutes at 100,000 agents) would cost routing more than that gap.
    /// </param>
    public void Start(WatchSubscription subscription, int maxBatch, bool agentsMayBeStale)
    {
        _health.Connection = ChannelConnection.Connecting;
        if (agentsMayBeStale)
        {
            // Beside the socket's opening; the first snapshot waits for it, so that no agent is told Reconnecting after it.
            _marking = _fanOut.BroadcastAsync(_agentIds, Freshness.Reconnecting);
        }

        // The channel outlives the call that starts it, so its work must not run under that call's span.
        var caller = Activity.Current;
        Activity.Current = null;
        _loop = RunLoopAsync(new ChannelLoop(_platform, _agents, _tenantId, maxBatch, HandleAsync, _failed, _stragglers, _time, _logger), subscription);
        Activity.Current = caller;
    }

    /// <summary>Runs the loop; one that ended on a failure (it has logged it) leaves the channel Stopped for the keep-alive.</summary>
    private async Task<bool> RunLoopAsync(ChannelLoop loop, WatchSubscription subscription)
    {
        var ended = await loop.RunAsync(subscription, _stop.Token);
        if (!ended)
        {
            _health.Connection = ChannelConnection.Stopped;
        }

        return ended;
    }

    /// <summary>
    /// Snapshots these agents (a coalesced request from agents re-activated after a silo loss): now when connected or
    /// while the connect's snapshot is under way, else once it is connected again (after the connect snapshot, which may
    /// have read them before they lost what they held).
    /// </summary>
    public Task SnapshotAsync(IReadOnlyList<string> agentIds)
    {
        if (ReadFreshness() == Freshness.Fresh)
        {
            return _repairs.SnapshotAsync(agentIds, SnapshotCause.Requested, ReadFreshness, _stop.Token);
        }

        // Bounded by the watched set: the connector passes only watched agents, and a set keeps each once.
        _requestedWhileLost.UnionWith(agentIds);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _marking;
        await _repairs.DrainAsync();
        await _platform.DisposeAsync();
        _stop.Dispose();
        _health.Connection = ChannelConnection.Stopped;
    }

    /// <summary>
    /// The freshness a REST read gives an agent: Fresh once connected, and also while the connect's snapshot is under
    /// way with the channel not lost since (a read taken after the subscription is past the gap, whoever asked for it);
    /// otherwise the channel's.
    /// </summary>
    private Freshness ReadFreshness() => _connectingAt == _losses ? Freshness.Fresh : _health.Freshness;

    private async Task HandleAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        using var span = platformEvent is HeartbeatReceived ? null : PresenceTelemetry.Start(PresenceTelemetry.ControlSpan, ActivityKind.Internal);
        span?.SetTag(TelemetryTags.Tenant, _tenantId);
        span?.SetTag(TelemetryTags.Event, platformEvent.GetType().Name);
        switch (platformEvent)
        {
            case ChannelStateChanged { State: ChannelState.Connected }:
                await OnConnectedAsync(cancellationToken);
                break;
            case ChannelResumed resumed:
                await OnResumedAsync(resumed.HeartbeatsMissed, cancellationToken);
                break;
            case ChannelStateChanged { State: ChannelState.Stale } changed:
                await OnLostAsync(ChannelConnection.Stale, changed.Detail);
                break;
            case ChannelStateChanged { State: ChannelState.Reconnecting } changed:
                await OnLostAsync(ChannelConnection.Reconnecting, changed.Detail);
                break;
            case PlatformWindow window:
                await RecordWindowAsync(new DisconnectionWindow(window.Start, window.End, window.Cause));
                break;
            case ResnapshotRequired { Cause: ResnapshotCauses.AntiEntropy } when _connectingAt == _losses:
                // The connect's snapshot is reading every agent already; this would read some twice and count the
                // pre-gap state it finds as drift.
                break;
            case ResnapshotRequired { Cause: ResnapshotCauses.AntiEntropy } reread:
                // The background re-read finds drift nothing else shows; it must never hold live deltas back.
                _repairs.RunBeside(() => RepairAsync(reread, cancellationToken), cancellationToken);
                break;
            case ResnapshotRequired resnapshot:
                await RepairAsync(resnapshot, cancellationToken);
                break;
        }
    }

    /// <summary>Re-reads the agents a platform event names, and counts those it found wrong (drift) by its cause.</summary>
    private async Task RepairAsync(ResnapshotRequired request, CancellationToken cancellationToken)
    {
        if (request.Cause == ResnapshotCauses.AntiEntropy)
        {
            ConnectorLog.BackgroundReread(_logger, _tenantId, request.AgentIds.Count, request.Reason);
        }
        else
        {
            ConnectorLog.Resnapshot(_logger, _tenantId, request.AgentIds.Count, request.Reason);
        }

        var outcomes = await _repairs.SnapshotAsync(request.AgentIds.ToList(), SnapshotCause.Platform, ReadFreshness, cancellationToken);
        _platform.DriftRepaired(request, outcomes.Count(o => o.Outcome.Changed));
    }

    /// <summary>
    /// Reads every watched agent beside the event loop, each made Fresh by its own snapshot: an agent never shows Fresh
    /// on pre-gap state, and live deltas flow meanwhile (the per-source stamps order them against the snapshot), so a
    /// change made during a connector move reaches its agent in the time of one call, not of a snapshot of every agent.
    /// The channel is Connected once every agent was read, unless it was lost again meanwhile.
    /// </summary>
    private Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        var window = _windowToCorrect;
        _windowToCorrect = null;
        var losses = _losses;
        _connectingAt = losses;
        var marking = _marking;
        _repairs.RunConnect(
            async () =>
            {
                await marking;
                IReadOnlyList<(string AgentId, SnapshotOutcome Outcome)> outcomes;
                try
                {
                    outcomes = await _repairs.SnapshotAsync(
                        _agentIds, SnapshotCause.Connect, () => _losses == losses ? Freshness.Fresh : _health.Freshness, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // As a failed loop: the run ends Stopped, and the connector's keep-alive starts another, which connects
                    // and reads every agent again.
                    ConnectorLog.LoopFailed(_logger, ex, _tenantId);
                    _connectFailed = true;
                    _connectingAt = null;
                    _health.Connection = ChannelConnection.Stopped;
                    await _stop.CancelAsync();
                    return;
                }

                if (window is not null)
                {
                    _repairs.StartCorrections(outcomes, window, cancellationToken);
                }

                if (_losses != losses)
                {
                    // Lost again meanwhile: the next connect reads again, and says Connected.
                    return;
                }

                _connectingAt = null;
                _health.Connection = ChannelConnection.Connected;
                await _publishHealth();
                StartRequestedRereads(cancellationToken);
            },
            cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Re-reads, beside the event loop, the agents that asked for it while the channel was not connected.</summary>
    private void StartRequestedRereads(CancellationToken cancellationToken)
    {
        if (_requestedWhileLost.Count == 0)
        {
            return;
        }

        var requested = _requestedWhileLost.ToList();
        _requestedWhileLost.Clear();
        _repairs.RunBeside(
            () => _repairs.SnapshotAsync(requested, SnapshotCause.Requested, ReadFreshness, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The same socket speaks again after a silence: agents are Fresh again on what they hold. When heartbeats went
    /// missing the socket may have swallowed deltas, and every watched agent is re-read beside the event loop. Not at all
    /// when the platform's stamps kept their rhythm: everything it sent arrived, late, and a re-read of 100,000 agents is
    /// minutes of REST calls that a loaded service hearing heartbeats late would otherwise repeat over and over.
    /// </summary>
    private async Task OnResumedAsync(bool heartbeatsMissed, CancellationToken cancellationToken)
    {
        if (_health.Connection != ChannelConnection.Stale)
        {
            return;
        }

        _health.Connection = ChannelConnection.Connected;
        await _fanOut.BroadcastAsync(_agentIds, Freshness.Fresh);
        await _publishHealth();
        StartRequestedRereads(cancellationToken);
        if (heartbeatsMissed)
        {
            _repairs.StartReread(() => _agentIds, ReadFreshness, cancellationToken);
        }
    }

    private async Task OnLostAsync(ChannelConnection connection, string? detail)
    {
        // Counted even when the health already says so: a connect snapshot still running beside the loop must stop
        // making agents Fresh.
        _losses++;
        if (_health.Connection == connection)
        {
            return;
        }

        ConnectorLog.ChannelLost(_logger, _tenantId, connection, detail ?? "");
        _health.Connection = connection;
        await _fanOut.BroadcastAsync(_agentIds, _health.Freshness);
        await _publishHealth();
    }

    private async Task RecordWindowAsync(DisconnectionWindow window)
    {
        ConnectorLog.Window(_logger, _tenantId, window.Start, window.End, window.Duration.TotalMilliseconds, window.Cause);
        _health.AddWindow(window);
        _windowToCorrect = window;
        try
        {
            await _history.AppendWindowAsync(_tenantId, window);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConnectorLog.WindowNotStored(_logger, ex, _tenantId);
        }
    }
}
