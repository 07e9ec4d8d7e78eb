using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.History;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Grains.Watch;
using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// The one owner of a tenant's platform channel (key: tenant id). Orleans' single activation is what keeps it to one live
/// channel per tenant in the cluster; a reminder brings it back after a crash, a deactivation or a silo loss. A thin shell:
/// the watched set lives in chunk grains (<see cref="WatchStore"/>), a started channel is a <see cref="ChannelRun"/>, and
/// health is a <see cref="HealthView"/> answered from memory. It awaits only grains that never call back (agents, watch
/// storage); everything that comes to it from other grains is one-way.
/// </summary>
public sealed class PlatformConnectorGrain : Grain, IPlatformConnectorGrain, IConnectorInbox, IRemindable
{
    internal const string KeepAliveReminder = "connector-keepalive";
    private static readonly TimeSpan SnapshotCoalescing = TimeSpan.FromMilliseconds(200);

    private readonly IPersistentState<ConnectorGrainState> _legacy;
    private readonly IPresencePlatformFactory _platforms;
    private readonly IPresenceHistory _history;
    private readonly WatchedSets _watchedSets;
    private readonly PresenceOptions _options;
    private readonly TimeProvider _time;
    private readonly PresenceMetrics _metrics;
    private readonly ActiveChannels _channels;
    private readonly ILogger<PlatformConnectorGrain> _logger;
    private readonly ILocalSiloDetails _silo;
    private readonly HashSet<string> _requestedSnapshots = new(StringComparer.Ordinal);
    private string _tenantId = "";
    private WatchIndex _watch = new(0, WatchSet.Empty);
    private HealthView _health = null!;
    private ChannelRun? _run;
    private IGrainTimer? _snapshotTimer;
    private IGrainTimer? _liveness;
    private IAsyncStream<ChannelHealth> _healthStream = null!;
    private IDisposable? _reporting;
    private long _shedByEndedRuns;

    public PlatformConnectorGrain(
        [PersistentState("connector", StorageNames.Presence)] IPersistentState<ConnectorGrainState> legacy,
        IPresencePlatformFactory platforms,
        IPresenceHistory history,
        WatchedSets watchedSets,
        IOptions<PresenceOptions> options,
        TimeProvider time,
        PresenceMetrics metrics,
        ActiveChannels channels,
        ILogger<PlatformConnectorGrain> logger,
        ILocalSiloDetails silo)
    {
        _legacy = legacy;
        _platforms = platforms;
        _history = history;
        _watchedSets = watchedSets;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _channels = channels;
        _logger = logger;
        _silo = silo;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenantId = this.GetPrimaryKeyString();
        PresenceKeys.ValidateTenant(_tenantId);
        _health = new HealthView(_tenantId, _silo.SiloAddress.Endpoint.ToString(), _time);
        _healthStream = this.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<ChannelHealth>(StreamId.Create(PresenceStreams.ChannelNamespace, _tenantId));
        await LoadWatchAsync();
        var now = _time.GetUtcNow();
        foreach (var window in (await _history.ReadWindowsAsync(_tenantId, now.AddDays(-1), now, cancellationToken)).TakeLast(HealthView.RecentWindows))
        {
            _health.AddWindow(window);
        }

        // The activation must outlive idleness: its channel is its work, not its calls.
        _liveness = this.RegisterGrainTimer(
            _ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, _options.ConnectorKeepAlivePeriod, _options.ConnectorKeepAlivePeriod);

        // A watched set found in storage means a channel ran before this activation (elsewhere, or before a restart).
        await StartIfWatchingAsync(agentsMayBeStale: true);

        // Last, so that an activation failing before here leaves nothing registered: OnDeactivateAsync may not run for it.
        _reporting = _channels.Enter(_tenantId, ReadChannel);
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The channel closes with it: a restart seen in the log has its reason here.
        ConnectorLog.Deactivating(_logger, _tenantId, reason.ReasonCode, reason.Description);
        _liveness?.Dispose();
        var hadChannel = _run is not null;
        await StopAsync();
        if (hadChannel)
        {
            // Deltas sent from now on reach nobody until the next activation's channel is connected: the list stops
            // showing agents routable at once, not when its silo's next check finds the connector gone or moved.
            GrainFactory.GetGrain<IDirectoryInbox>(_tenantId).ChannelClosedAsync().Ignore();
        }
        _reporting?.Dispose();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task EnsureRunningAsync() => StartIfWatchingAsync(agentsMayBeStale: true);

    // Being called at all re-activated this grain after a crash or failover; make sure its channel runs.
    public Task ReceiveReminder(string reminderName, TickStatus status) => StartIfWatchingAsync(agentsMayBeStale: true);

    public Task<WatchSet> GetWatchAsync() => Task.FromResult(_watch.Set);

    public Task<bool> IsWatchedAsync(string agentId) => Task.FromResult(_watch.Contains(agentId));

    public async Task SetWatchAsync(WatchSet watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        WatchValidation.Validate(watch);
        var head = await WatchStore.WriteAsync(GrainFactory, _tenantId, watch);
        _watch = new WatchIndex(head.Generation, watch);
        _watchedSets.Invalidate(_tenantId);
        ConnectorLog.WatchChanged(_logger, _tenantId, watch.Agents.Count, head.Generation, head.Chunks);
        GrainFactory.GetGrain<IDirectoryInbox>(_tenantId).WatchChangedAsync().Ignore();

        // A new subscription means a new channel: the platform has no "change subscription" on an open socket.
        await StopAsync();
        await StartIfWatchingAsync(agentsMayBeStale: false);
    }

    public Task<IReadOnlyList<DisconnectionWindow>> GetDisconnectionsAsync(DateTimeOffset from, DateTimeOffset to) =>
        _history.ReadWindowsAsync(_tenantId, from, to);

    public Task<ChannelHealth> GetHealthAsync() => Task.FromResult(_health.Build(_run?.Status));

    public Task ReportAnomaliesAsync(string silo, AgentAnomalies totals)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        ArgumentNullException.ThrowIfNull(totals);
        _health.Report(silo, totals);
        return Task.CompletedTask;
    }

    public Task HandOverAsync(SiloAddress target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ConnectorLog.HandingOver(_logger, _tenantId, target.Endpoint.ToString());

        // Orleans' live migration: this activation deactivates (its channel closes) and the next one is placed on the target.
        RequestContext.Set(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey, target);
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }

    public Task RequestSnapshotAsync(IReadOnlyList<string> agentIds)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        foreach (var id in agentIds.Where(_watch.Contains))
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
        var ids = _requestedSnapshots.ToList();
        _requestedSnapshots.Clear();

        // No run: the next run's connect snapshot reads every watched agent anyway.
        if (_run is { } run)
        {
            await run.SnapshotAsync(ids);
        }
    }

    /// <summary>
    /// Reads the watched set from its chunks. A connector stored by an earlier version kept the set in its own row, which
    /// Azure Tables refuse past ~1 MB: that set moves into chunks once, and the row is cleared.
    /// </summary>
    private async Task LoadWatchAsync()
    {
        var (head, set) = await WatchStore.ReadAsync(GrainFactory, _tenantId);
        if (head.Generation == 0 && _legacy.RecordExists && _legacy.State.Watch is { Agents.Count: > 0 } legacy)
        {
            head = await WatchStore.WriteAsync(GrainFactory, _tenantId, legacy);
            set = legacy;
            await _legacy.ClearStateAsync();
            ConnectorLog.WatchMigrated(_logger, _tenantId, legacy.Agents.Count);
        }

        _watch = new WatchIndex(head.Generation, set);
    }

    private async Task StartIfWatchingAsync(bool agentsMayBeStale)
    {
        if (_run is { IsRunning: true } || _watch.Set.Agents.Count == 0)
        {
            return;
        }

        await StopAsync();
        var watch = _watch.Set;
        var subscription = new WatchSubscription(
            watch.Agents.Select(a => a.AgentId).ToList(),
            watch.Agents.SelectMany(a => a.DeviceIds).Distinct(StringComparer.Ordinal).ToList());
        _run = new ChannelRun(
            _platforms.Create(_tenantId), GrainFactory, _tenantId, subscription.AgentIds.ToList(), _health, _history, _time, _metrics, PublishHealthAsync, _logger);
        _run.Start(subscription, _options.MaxDispatchBatch, agentsMayBeStale);
        ConnectorLog.Started(_logger, _tenantId, subscription.AgentIds.Count, subscription.DeviceIds.Count);
    }

    /// <summary>For the channel gauges; called off this grain's scheduler, so it reads each field once.</summary>
    private ChannelReading ReadChannel()
    {
        var status = _run?.Status;
        return new ChannelReading(
            _health.Connection,
            status?.LastHeartbeat ?? status?.ConnectedSince,
            Interlocked.Read(ref _shedByEndedRuns) + (status?.Counters.Shed ?? 0));
    }

    private Task PublishHealthAsync() => _healthStream.OnNextAsync(_health.Build(_run?.Status));

    private async Task StopAsync()
    {
        if (_run is { } run)
        {
            _run = null;
            await run.DisposeAsync();
            Interlocked.Add(ref _shedByEndedRuns, run.Status.Counters.Shed);
        }
    }
}
