using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.History;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Telemetry;
using ContractWindow = PresenceGrains.Abstractions.DisconnectionWindow;
using PlatformWindow = PresenceGrains.Platform.Events.DisconnectionWindow;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// The one owner of a tenant's platform channel (key: tenant id). Orleans' single activation is what keeps it to one live
/// channel per tenant in the cluster; a reminder brings it back after a crash, a deactivation or a silo loss.
/// Every (re)connect: snapshot every watched agent first (REST wins), then deltas; corrections for agents whose state
/// changed during the gap.
/// </summary>
public sealed partial class PlatformConnectorGrain : Grain, IPlatformConnectorGrain, IConnectorInbox, IRemindable
{
    internal const string KeepAliveReminder = "connector-keepalive";
    private const int EventBufferCapacity = 8192;
    private const int BroadcastParallelism = 512;
    private static readonly TimeSpan SnapshotCoalescing = TimeSpan.FromMilliseconds(200);

    private readonly IPersistentState<ConnectorGrainState> _state;
    private readonly IPresencePlatformFactory _platforms;
    private readonly PresenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PlatformConnectorGrain> _logger;
    private readonly HashSet<string> _requestedSnapshots = new(StringComparer.Ordinal);
    private string _tenantId = "";
    private IPresencePlatform? _platform;
    private CancellationTokenSource? _run;
    private Task? _loop;
    private IGrainTimer? _snapshotTimer;
    private IGrainTimer? _liveness;
    private IAsyncStream<ChannelHealth> _healthStream = null!;
    private ChannelConnection _connection = ChannelConnection.Stopped;
    private ContractWindow? _windowToCorrect;
    private HashSet<string>? _watchedIds;
    private Task _corrections = Task.CompletedTask;
    private Task _reread = Task.CompletedTask;
    private bool _rereadAgain;

    public PlatformConnectorGrain(
        [PersistentState("connector", StorageNames.Presence)] IPersistentState<ConnectorGrainState> state,
        IPresencePlatformFactory platforms,
        IOptions<PresenceOptions> options,
        TimeProvider time,
        ILogger<PlatformConnectorGrain> logger)
    {
        _state = state;
        _platforms = platforms;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private IEnumerable<string> WatchedAgentIds => _state.State.Watch.Agents.Select(a => a.AgentId);

    private HashSet<string> WatchedIds => _watchedIds ??= WatchedAgentIds.ToHashSet(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenantId = this.GetPrimaryKeyString();
        PresenceKeys.ValidateTenant(_tenantId);
        _healthStream = this.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<ChannelHealth>(StreamId.Create(PresenceStreams.ChannelNamespace, _tenantId));

        // The activation must outlive idleness: its channel is its work, not its calls.
        _liveness = this.RegisterGrainTimer(
            _ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, _options.ConnectorKeepAlivePeriod, _options.ConnectorKeepAlivePeriod);
        StartIfWatching();
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _liveness?.Dispose();
        await StopAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task EnsureRunningAsync()
    {
        StartIfWatching();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being called at all re-activated this grain after a crash or failover; make sure its channel runs.
        StartIfWatching();
        return Task.CompletedTask;
    }

    public Task<WatchSet> GetWatchAsync() => Task.FromResult(_state.State.Watch);

    public Task<bool> IsWatchedAsync(string agentId) => Task.FromResult(WatchedIds.Contains(agentId));

    public async Task SetWatchAsync(WatchSet watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        WatchValidation.Validate(watch);
        _state.State.Watch = watch;
        _watchedIds = null;
        await _state.WriteStateAsync();
        LogWatchChanged(_tenantId, watch.Agents.Count);
        await GrainFactory.GetGrain<IDirectoryInbox>(_tenantId).WatchChangedAsync();

        // A new subscription means a new channel: the platform has no "change subscription" on an open socket.
        await StopAsync();
        StartIfWatching();
    }

    public Task<IReadOnlyList<ContractWindow>> GetDisconnectionsAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<ContractWindow>>(
            _state.State.Disconnections.Where(w => w.End >= from && w.Start <= to).ToList());

    public async Task<ChannelHealth> GetHealthAsync()
    {
        var anomalies = await CollectAnomaliesAsync();
        return BuildHealth(anomalies);
    }

    public Task RequestSnapshotAsync(IReadOnlyList<string> agentIds)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        foreach (var id in agentIds.Where(WatchedIds.Contains))
        {
            _requestedSnapshots.Add(id);
        }

        // Coalesce: a silo loss re-activates many agents at once, and each asks separately.
        if (_requestedSnapshots.Count > 0 && _snapshotTimer is null)
        {
            _snapshotTimer = this.RegisterGrainTimer(
                SnapshotRequestedAsync, new GrainTimerCreationOptions(SnapshotCoalescing, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    private async Task SnapshotRequestedAsync(CancellationToken cancellationToken)
    {
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        if (_platform is null || _connection != ChannelConnection.Connected)
        {
            // The next connect snapshots every watched agent anyway.
            _requestedSnapshots.Clear();
            return;
        }

        var ids = _requestedSnapshots.ToList();
        _requestedSnapshots.Clear();

        // The disposed timer's token is already cancelled; the channel's own run decides how long this may take.
        await SnapshotAsync(ids, Freshness.Fresh, null, _run?.Token ?? CancellationToken.None);
    }

    private void StartIfWatching()
    {
        if (_loop is { IsCompleted: false } || _state.State.Watch.Agents.Count == 0)
        {
            return;
        }

        var watch = _state.State.Watch;
        var subscription = new WatchSubscription(
            watch.Agents.Select(a => a.AgentId).ToList(),
            watch.Agents.SelectMany(a => a.DeviceIds).Distinct(StringComparer.Ordinal).ToList());
        _platform = _platforms.Create(_tenantId);
        _run = new CancellationTokenSource();
        _connection = ChannelConnection.Connecting;
        var events = Channel.CreateBounded<PlatformEvent>(new BoundedChannelOptions(EventBufferCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Reading the socket runs off the grain's scheduler so that parsing never waits for a grain turn; the bounded
        // buffer between them is the back-pressure: when grains fall behind, the pump stops reading the socket.
        // The channel outlives the call that starts it, so its work must not run under that call's span.
        var platform = _platform;
        var token = _run.Token;
        var caller = Activity.Current;
        Activity.Current = null;
        _ = Task.Run(() => PumpAsync(platform, subscription, events.Writer, token), token);
        _loop = ProcessAsync(events.Reader, token);
        Activity.Current = caller;
        LogStarted(_tenantId, subscription.AgentIds.Count, subscription.DeviceIds.Count);
    }

    private async Task PumpAsync(IPresencePlatform platform, WatchSubscription subscription, ChannelWriter<PlatformEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var platformEvent in platform.RunAsync(subscription, cancellationToken))
            {
                await writer.WriteAsync(platformEvent, cancellationToken);
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private async Task ProcessAsync(ChannelReader<PlatformEvent> reader, CancellationToken cancellationToken)
    {
        var batch = new DeltaBatch();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (batch.Count < _options.MaxDispatchBatch && reader.TryRead(out var platformEvent))
                {
                    if (platformEvent is DeltaReceived delta)
                    {
                        batch.Add(delta);
                        continue;
                    }

                    // Control events are barriers: what came before them is applied before they act.
                    await batch.DispatchAsync(GrainFactory, _tenantId);
                    await HandleControlAsync(platformEvent, cancellationToken);
                }

                await batch.DispatchAsync(GrainFactory, _tenantId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The channel never stops silently: log it; the keep-alive reminder restarts the loop.
            LogLoopFailed(ex, _tenantId);
            _connection = ChannelConnection.Stopped;
        }
    }

    private async Task HandleControlAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
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
                await OnChannelResumedAsync(resumed.HeartbeatsMissed, cancellationToken);
                break;
            case ChannelStateChanged { State: ChannelState.Stale } changed:
                await OnChannelLostAsync(ChannelConnection.Stale, Freshness.Stale, changed.Detail);
                break;
            case ChannelStateChanged { State: ChannelState.Reconnecting } changed:
                await OnChannelLostAsync(ChannelConnection.Reconnecting, Freshness.Reconnecting, changed.Detail);
                break;
            case PlatformWindow window:
                await RecordWindowAsync(new ContractWindow(window.Start, window.End, window.Cause));
                break;
            case ResnapshotRequired resnapshot:
                LogResnapshot(_tenantId, resnapshot.AgentIds.Count, resnapshot.Reason);
                _platform?.DriftRepaired(resnapshot, await SnapshotAsync(resnapshot.AgentIds.ToList(), CurrentFreshness, null, cancellationToken));
                break;
            case HeartbeatReceived:
                break;
        }
    }

    private Freshness CurrentFreshness => _connection switch
    {
        ChannelConnection.Connected => Freshness.Fresh,
        ChannelConnection.Stale => Freshness.Stale,
        _ => Freshness.Reconnecting,
    };

    private async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        // Snapshot first, with freshness restored in the same step: an agent never shows Fresh on pre-gap state.
        var window = _windowToCorrect;
        _windowToCorrect = null;
        await SnapshotAsync(WatchedAgentIds.ToList(), Freshness.Fresh, window, cancellationToken);
        _connection = ChannelConnection.Connected;
        await PublishHealthAsync();
    }

    /// <summary>
    /// The same socket speaks again after a silence: agents are Fresh again on what they hold. When heartbeats went
    /// missing the socket may have swallowed deltas, and every watched agent is re-read beside the event loop. Beside,
    /// not in: inline, a re-read of a large tenant holds every live delta back. Not at all when the platform's stamps
    /// kept their rhythm: everything it sent arrived, late, and a re-read of 100,000 agents is minutes of REST calls
    /// that a loaded service hearing heartbeats late would otherwise repeat over and over.
    /// </summary>
    private async Task OnChannelResumedAsync(bool heartbeatsMissed, CancellationToken cancellationToken)
    {
        if (_connection != ChannelConnection.Stale)
        {
            return;
        }

        _connection = ChannelConnection.Connected;
        await BroadcastAsync(agent => agent.SetFreshnessAsync(Freshness.Fresh));
        await PublishHealthAsync();
        if (heartbeatsMissed)
        {
            StartReread(cancellationToken);
        }
    }

    /// <summary>One re-read at a time; a resumption while one runs asks for one more after it.</summary>
    private void StartReread(CancellationToken cancellationToken)
    {
        if (!_reread.IsCompleted)
        {
            _rereadAgain = true;
            return;
        }

        _reread = RereadAsync(cancellationToken);
    }

    private async Task RereadAsync(CancellationToken cancellationToken)
    {
        do
        {
            _rereadAgain = false;
            try
            {
                var agents = WatchedAgentIds.ToList();
                LogResnapshot(_tenantId, agents.Count, "traffic resumed after a silence; the socket may have swallowed deltas");
                await SnapshotAsync(agents, null, null, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRereadFailed(ex, _tenantId);
                return;
            }
        }
        while (_rereadAgain && !cancellationToken.IsCancellationRequested);
    }

    private async Task OnChannelLostAsync(ChannelConnection connection, Freshness freshness, string? detail)
    {
        if (_connection == connection)
        {
            return;
        }

        LogChannelLost(_tenantId, connection, detail ?? "");
        _connection = connection;
        await BroadcastAsync(agent => agent.SetFreshnessAsync(freshness));
        await PublishHealthAsync();
    }

    private async Task RecordWindowAsync(ContractWindow window)
    {
        LogWindow(_tenantId, window.Start, window.End, window.Duration.TotalMilliseconds, window.Cause);
        var windows = _state.State.Disconnections;
        windows.Add(window);
        if (windows.Count > _options.MaxRecentDisconnections)
        {
            windows.RemoveRange(0, windows.Count - _options.MaxRecentDisconnections);
        }

        await _state.WriteStateAsync();
        await GrainFactory.GetGrain<IHistoryRecorderGrain>(_tenantId).RecordWindowAsync(window);
        _windowToCorrect = window;
    }

    /// <param name="freshness">What the agents show once applied; null: the channel's freshness at that moment (a
    /// re-read beside the event loop, during which the channel may be lost again).</param>
    private async Task<int> SnapshotAsync(IReadOnlyList<string> agentIds, Freshness? freshness, ContractWindow? window, CancellationToken cancellationToken)
    {
        if (_platform is null || agentIds.Count == 0)
        {
            return 0;
        }

        var result = await _platform.GetSnapshotsAsync(agentIds, cancellationToken);
        var takenAt = _time.GetUtcNow();
        var outcomes = new List<(string AgentId, SnapshotOutcome Outcome)>(result.Snapshots.Count);
        foreach (var chunk in result.Snapshots.Chunk(BroadcastParallelism))
        {
            var applied = await Task.WhenAll(chunk.Select(async snapshot =>
            {
                var input = new SnapshotInput(
                    snapshot.User?.Signal.ToContract(),
                    snapshot.User?.LastUpdated,
                    snapshot.Devices.Select(d => new DevicePresence(d.DeviceId, d.Signal.ToContract(), d.LastUpdated)).ToList(),
                    takenAt,
                    freshness ?? CurrentFreshness);
                var outcome = await GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, snapshot.AgentId)).ApplySnapshotAsync(input);
                return (snapshot.AgentId, outcome);
            }));
            outcomes.AddRange(applied);
        }

        // Agents the platform no longer knows still learn that the channel is back.
        foreach (var chunk in result.NotFound.Chunk(BroadcastParallelism))
        {
            await Task.WhenAll(chunk.Select(id =>
                GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, id)).SetFreshnessAsync(freshness ?? CurrentFreshness)));
        }

        if (window is not null)
        {
            StartCorrections(outcomes.Where(o => o.Outcome.Changed).ToList(), window, cancellationToken);
        }

        return outcomes.Count(o => o.Outcome.Changed);
    }

    /// <summary>
    /// Sends the corrections of a gap beside the event loop, after those of earlier gaps. They are one REST call per
    /// changed agent on the client's pace: awaited in the loop they would hold back every live delta (and the next
    /// loss of the channel) for as long as they take, while the agents already show Fresh.
    /// </summary>
    private void StartCorrections(IReadOnlyList<(string AgentId, SnapshotOutcome Outcome)> changed, ContractWindow window, CancellationToken cancellationToken)
    {
        if (_platform is not { } platform || changed.Count == 0)
        {
            return;
        }

        var corrections = changed
            .Select(c => new CorrectionRequest(c.AgentId, c.Outcome.After.ToDomain(), window.Start, window.End, "client_reconnect"))
            .ToList();
        _corrections = SendCorrectionsAsync(_corrections, platform, corrections, window, cancellationToken);
    }

    private async Task SendCorrectionsAsync(
        Task earlier, IPresencePlatform platform, IReadOnlyList<CorrectionRequest> corrections, ContractWindow window, CancellationToken cancellationToken)
    {
        await earlier;
        try
        {
            await platform.SendCorrectionsAsync(corrections, cancellationToken);
            LogCorrections(_tenantId, corrections.Count, window.Duration.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogCorrectionsFailed(ex, _tenantId, corrections.Count);
        }
    }

    private async Task BroadcastAsync(Func<IAgentInbox, Task> call)
    {
        foreach (var chunk in WatchedAgentIds.Chunk(BroadcastParallelism))
        {
            await Task.WhenAll(chunk.Select(id => call(GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, id)))));
        }
    }

    private async Task<AgentAnomalies> CollectAnomaliesAsync()
    {
        var total = AgentAnomalies.None;
        foreach (var chunk in WatchedAgentIds.Chunk(BroadcastParallelism))
        {
            var parts = await Task.WhenAll(chunk.Select(id =>
                GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, id)).GetAnomaliesAsync()));
            foreach (var a in parts)
            {
                total = new AgentAnomalies(
                    total.StaleDeltas + a.StaleDeltas, total.Duplicates + a.Duplicates, total.TimestampTies + a.TimestampTies,
                    total.InversionsHeld + a.InversionsHeld, total.CompositeDisagreements + a.CompositeDisagreements);
            }
        }

        return total;
    }

    private ChannelHealth BuildHealth(AgentAnomalies agents)
    {
        var status = _platform?.Status;
        var counters = status?.Counters;
        var anomalies = new ChannelAnomalies(
            counters?.Deltas ?? 0, counters?.Malformed ?? 0, counters?.SchemaInvalid ?? 0, counters?.Oversized ?? 0,
            counters?.Shed ?? 0, agents.StaleDeltas, agents.Duplicates, agents.InversionsHeld, agents.CompositeDisagreements,
            status?.TokenRefreshes ?? 0);
        var recent = _state.State.Disconnections.TakeLast(50).ToList();
        return new ChannelHealth(
            _tenantId, _connection, CurrentFreshness, status?.ConnectedSince, status?.LastHeartbeat,
            status?.ReconnectAttempts ?? 0, status?.Reconnects ?? 0, status?.TokenExpiresAt, anomalies, recent, _time.GetUtcNow());
    }

    private Task PublishHealthAsync() => _healthStream.OnNextAsync(BuildHealth(AgentAnomalies.None));

    private async Task StopAsync()
    {
        if (_run is null)
        {
            return;
        }

        await _run.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await _corrections;
        await _reread;

        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        _run.Dispose();
        _run = null;
        _loop = null;
        _platform = null;
        _connection = ChannelConnection.Stopped;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} started: {Agents} agents, {Devices} devices watched")]
    private partial void LogStarted(string tenantId, int agents, int devices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} watch set changed: {Agents} agents")]
    private partial void LogWatchChanged(string tenantId, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId} channel {Connection}: {Detail}")]
    private partial void LogChannelLost(string tenantId, ChannelConnection connection, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} disconnected from {Start:O} to {End:O} ({DurationMs} ms): {Cause}")]
    private partial void LogWindow(string tenantId, DateTimeOffset start, DateTimeOffset end, double durationMs, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} sent {Count} presence corrections for a {DurationMs} ms gap")]
    private partial void LogCorrections(string tenantId, int count, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} could not send {Count} presence corrections")]
    private partial void LogCorrectionsFailed(Exception exception, string tenantId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId} re-reading {Count} agents from REST: {Reason}")]
    private partial void LogResnapshot(string tenantId, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} could not re-read its agents after a silence; the next change or reconnect repairs them")]
    private partial void LogRereadFailed(Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} event loop failed; the keep-alive reminder restarts it")]
    private partial void LogLoopFailed(Exception exception, string tenantId);
}
