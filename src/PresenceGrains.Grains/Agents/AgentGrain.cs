using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Publication;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.Devices;
using PresenceGrains.Grains.Hosting;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Agents;

/// <summary>
/// One agent (key <c>tenant/agentId</c>): a thin shell over <see cref="AgentPresenceMachine"/> that persists it, runs the
/// hold window on a grain timer, decays a lost channel on a reminder, and publishes every change on the tenant's stream
/// (through this silo's <see cref="TenantPublisher"/>, many agents to a stream message). Every delta of the agent, user level or device, arrives here in one call from the connector; device
/// grains hear of a device only when its liveness changes, one-way. The agent awaits no grain, so no call can come back
/// to it in a cycle, and its reads interleave with everything.
/// </summary>
// Agents and devices spread evenly over the silos; resource-optimised placement would pile a burst of start-up
// activations onto whichever silo looked least loaded a moment ago.
[Orleans.Placement.RandomPlacement]
public sealed partial class AgentGrain : Grain, IAgentPresenceGrain, IAgentInbox, IRemindable
{
    internal const string LostChannelReminder = "lost-channel-decay";

    /// <summary>A loss already past its TTL when its reminder is registered decays at the reminder's first tick, this soon.</summary>
    private static readonly TimeSpan MinimumReminderDue = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<AgentGrainState> _state;
    private readonly PresenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentGrain> _logger;
    private readonly PresenceMetrics _metrics;
    private readonly TenantPublisher _publisher;
    private readonly ConnectorPulse _pulse;
    private readonly AgentPresenceMachine _machine;
    private string _tenantId = "";
    private string _agentId = "";
    private CoalescedWriter<AgentGrainState> _writer = null!;
    private ReminderKeeper? _lostChannel;
    private PublicationOutbox _outbox = null!;
    private bool _activated;
    private IGrainTimer? _holdTimer;
    private IGrainTimer? _lostChannelTimer;
    private DateTimeOffset? _holdDeadline;
    private ActivityContext _heldTrace;
    private long _inversionsCounted;
    private long _disagreementsCounted;

    // The state last written to the stream, which tells a raise from a lowering (the outbox writes in order).
    private AgentState _lastWritten;

    // The sequence of a publication that only repeats an earlier one past another activation's: no change to time.
    private long _republished;

    // Whether the last publication showed the agent signed in (any level above Offline): a change of it is stored at once.
    private bool _publishedSignedIn;

    // The sequence of the publication in the last state captured for storage (none: nothing published yet).
    private long? _storedSequence;

    public AgentGrain(
        [PersistentState("agent", StorageNames.Presence)] IPersistentState<AgentGrainState> state,
        IOptions<PresenceOptions> options,
        TimeProvider time,
        ILogger<AgentGrain> logger,
        PresenceMetrics metrics,
        TenantPublisher publisher,
        ConnectorPulse pulse)
    {
        _state = state;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _publisher = publisher;
        _pulse = pulse;
        _machine = new AgentPresenceMachine(_options.HoldWindow);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _agentId) = PresenceKeys.Split(this.GetPrimaryKeyString());
        _storedSequence = _state.State.Published?.Sequence;
        _writer = new CoalescedWriter<AgentGrainState>(
            this, _state, CaptureForWrite, _options.PersistInterval, () => AgentStateMapper.Release(_state.State));
        _outbox = new PublicationOutbox(WriteAsync);
        _lastWritten = _state.State.Published?.State ?? AgentState.Offline;
        if (_state.RecordExists)
        {
            await RestoreAsync();
        }

        _publishedSignedIn = _machine.Published.Level != PresenceLevel.Offline;
        if (_machine.Published.Sequence == 0)
        {
            _machine.StartSequencesAfter(AgentStateMapper.SequenceFloor(_time.GetUtcNow()));
        }

        await base.OnActivateAsync(cancellationToken);
        _activated = true;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_activated)
        {
            // Never took a message (its activation failed part-way): it has nothing to write and no state to stand by.
            await base.OnDeactivateAsync(reason, cancellationToken);
            return;
        }

        await _outbox.DrainAsync().WaitAsync(cancellationToken);
        try
        {
            // A duplicate that lost the grain directory's race, or an activation the runtime gave up on, must not write its
            // state over the other activation's.
            if (OrderlyDeactivation.MayWrite(reason.ReasonCode))
            {
                await (_lostChannel?.Settled ?? Task.CompletedTask).WaitAsync(cancellationToken);

                // Everything heard is in this write: the next activation may trust it (any message that could change it
                // would have activated this agent first). A deactivation that fails before here leaves the flag off.
                _state.State.DeactivatedCleanly = true;
                await _writer.WriteNowAsync(cancellationToken);

                // A migration (a silo shutting down moves its activations) hands the state as it is in memory to the next
                // activation, without a read: it must be whole, not let go after its write (rolling restart in `chaos`:
                // 2,097 false Offline reads while it was not).
                AgentStateMapper.Capture(_machine, _state.State, _tenantId, _agentId);
            }
        }
        finally
        {
            if (!OrderlyDeactivation.Is(reason.ReasonCode))
            {
                // Another activation may hold this agent, or may have started while this one still took deltas: whatever
                // reached only one of them, the platform still has. Asked after the write, so its answer lands on top.
                LogUnorderlyDeactivation(_tenantId, _agentId, reason.ReasonCode);
                GrainFactory.GetGrain<IConnectorInbox>(_tenantId).RequestSnapshotAsync([_agentId]).Ignore();
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    // What the publication says, unless this silo has lost the connector that would have told the agent otherwise.
    public Task<AgentPresence> GetAsync() => Task.FromResult(_pulse.Over(Current()));

    public Task<AgentPresence> GetPublishedAsync() => Task.FromResult(Current());

    public Task<bool> IsRoutableAsync() => Task.FromResult(_machine.Published.Routable && !_pulse.IsLost(_tenantId));

    public async Task<AgentPresence> ApplyAsync(IReadOnlyList<SignalInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);

        AgentPresence? published = null;

        // One step per delta, in timestamp order: a raise inside a batch is still published at once, and a lowering
        // that a later delta of the same batch raises again is caught by the hold window as it would be across calls.
        foreach (var input in inputs.OrderBy(i => i.LastUpdated))
        {
            using var span = PresenceTelemetry.StartForDelta(PresenceTelemetry.AgentApplySpan, input.TraceParent);
            var now = _time.GetUtcNow();
            var step = _machine.Apply(ToDelta(input), now, input.PlatformComposite?.ToDomain());
            var outcome = step.Outcome!.Value;
            span?.SetTag(TelemetryTags.Agent, _agentId);
            span?.SetTag(TelemetryTags.Outcome, outcome.ToString());
            if (input.DeviceId is { } deviceId)
            {
                span?.SetTag(TelemetryTags.Device, deviceId);

                // Any signal, even a stale one, is news that the device is still there.
                _state.State.DeviceHeardAt[deviceId] = now;
            }

            _metrics.Judged(_tenantId, outcome, device: input.DeviceId is not null);
            published = await HandleAsync(step) ?? published;
        }

        TellDevicesOfLiveness();
        _writer.MarkDirty();
        return Latest(published);
    }

    public async Task<SnapshotOutcome> ApplySnapshotAsync(SnapshotInput snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = _time.GetUtcNow();
        var before = _machine.Published.Level;
        var (sequence, lostSince) = (_machine.Published.Sequence, _state.State.LostSince);
        TrackFreshness(snapshot.Freshness, now);

        // Regaining freshness may publish on its own (the level at once, routability after the window); the snapshot
        // then publishes whatever it changes on top.
        var published = await HandleAsync(_machine.SetFreshness(snapshot.Freshness.ToDomain(), now));
        var user = snapshot.UserState is { } state && snapshot.UserLastUpdated is { } stamp
            ? new SnapshotSource(state.ToDomain(), stamp)
            : null;
        var devices = snapshot.Devices.Select(d => new SnapshotDevice(d.DeviceId, d.State.ToDomain(), d.LastUpdated)).ToList();
        var step = _machine.ApplySnapshot(new AgentSnapshot(_agentId, user, devices, snapshot.TakenAt), now);
        var heardAnew = false;
        foreach (var device in snapshot.Devices)
        {
            heardAnew |= HeardOf(device.DeviceId, now);
        }

        published = await HandleAsync(step) ?? published;

        // The background re-read confirms every agent once a minute. A confirmation that changed nothing costs no write:
        // written, it was one state write per agent a minute on Azure Storage (10,000 agents: 167 a second, at idle).
        if (step.SourcesChanged || heardAnew || _machine.Published.Sequence != sequence || _state.State.LostSince != lostSince)
        {
            _writer.MarkDirty();
        }

        TellDevicesOfLiveness();

        var after = _machine.Published.Level;
        return new SnapshotOutcome(before.ToContract(), after.ToContract(), before != after, Latest(published));
    }

    public async Task SetFreshnessAsync(Freshness freshness)
    {
        var now = _time.GetUtcNow();
        TrackFreshness(freshness, now);
        var step = _machine.SetFreshness(freshness.ToDomain(), now);
        _writer.MarkDirty();
        await HandleAsync(step);
    }

    public async Task ReassertAsync(long outranked)
    {
        // Past the clock's floor too: a subscriber may hold a publication of yet another activation, which started earlier.
        var step = _machine.Reassert(Math.Max(outranked, AgentStateMapper.SequenceFloor(_time.GetUtcNow())));
        if (step.Published is { } view)
        {
            LogReassert(_tenantId, _agentId, outranked, view.Sequence);
            _republished = view.Sequence;
            _writer.MarkDirty();
            await HandleAsync(step);
        }
    }

    public async Task CheckDeviceTtlAsync(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var now = _time.GetUtcNow();
        if (_state.State.DeviceHeardAt.TryGetValue(deviceId, out var heardAt) && now - heardAt < _options.DeviceTtl)
        {
            return;
        }

        if (_machine.Sources.Devices.ContainsKey(deviceId))
        {
            var step = _machine.DecayDevice(deviceId, now);
            if (step.Published is not null)
            {
                LogDeviceDecay(_tenantId, _agentId, deviceId, now - heardAt);
            }

            _writer.MarkDirty();
            await HandleAsync(step);
        }

        // Told even when nothing changed here (a device this agent no longer has): its reminder stops either way.
        Tell(deviceId, IsLive(deviceId));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LostChannelReminder)
        {
            return;
        }

        // It fired, so it exists, whatever an older stored state says.
        _state.State.LostChannelReminderRegistered = true;
        var lostSince = _state.State.LostSince;
        var now = _time.GetUtcNow();
        if (_machine.Freshness == ChannelFreshness.Fresh || lostSince is null)
        {
            UnregisterLostChannel();
            return;
        }

        if (now - lostSince.Value < _options.LostChannelTtl)
        {
            return;
        }

        LogLostChannelDecay(_tenantId, _agentId, now - lostSince.Value);
        var step = _machine.DecayAll(now);
        _writer.MarkDirty();
        await HandleAsync(step);
        TellDevicesOfLiveness();
        UnregisterLostChannel();
    }

    /// <summary>
    /// Back from storage, which may be a persist interval behind what the previous activation published (its silo died).
    /// The changes it heard since died with it, so the agent is not Fresh until the connector has re-read it from REST,
    /// and it says so at once; its sequence moves past any the lost activation can have used, so that readers keeping
    /// the highest sequence (the directory, routers) take what it publishes now. A state its previous activation wrote
    /// as it deactivated cleanly is complete and kept as it is, once the mark is cleared in storage (a crash of this
    /// activation must not find it again).
    /// </summary>
    private async Task RestoreAsync()
    {
        AgentStateMapper.Restore(_machine, _state.State);
        _inversionsCounted = _machine.Anomalies.InversionsHeld;
        _disagreementsCounted = _machine.Anomalies.CompositeDisagreements;
        var now = _time.GetUtcNow();

        // State written before devices were resolved here has no hearing times: the TTL starts again from now.
        foreach (var deviceId in _machine.Sources.Devices.Keys)
        {
            _state.State.DeviceHeardAt.TryAdd(deviceId, now);
        }

        if (_state.State.DeactivatedCleanly)
        {
            _state.State.DeactivatedCleanly = false;
            await _writer.WriteNowAsync(CancellationToken.None);
            TrackFreshness(_machine.Freshness.ToContract(), now);

            // A hold window is not stored: settling again starts one for whatever the sources say and the publication
            // does not yet (routability granted after the window, say).
            await HandleAsync(_machine.SetFreshness(_machine.Freshness, now));
            return;
        }

        if (_machine.Freshness == ChannelFreshness.Fresh)
        {
            TrackFreshness(Freshness.Stale, now);
            await HandleAsync(_machine.SetFreshness(ChannelFreshness.Stale, now));
            _writer.MarkDirty();
        }

        // One-way: the connector's re-read calls this agent back.
        GrainFactory.GetGrain<IConnectorInbox>(_tenantId).RequestSnapshotAsync([_agentId]).Ignore();
    }

    /// <summary>
    /// Made when a loss first needs it: most agents never lose their channel for long, and a keeper for each of 100,000
    /// resident agents was ~0.2 KiB apiece.
    /// </summary>
    private ReminderKeeper LostChannel => _lostChannel ??= new ReminderKeeper(
        this, LostChannelReminder, _time, () => _state.State.LostChannelReminderRegistered,
        registered =>
        {
            _state.State.LostChannelReminderRegistered = registered;
            _writer.MarkDirty();
        },
        _logger);

    private void UnregisterLostChannel()
    {
        if (_lostChannel is not null || _state.State.LostChannelReminderRegistered)
        {
            LostChannel.Unregister();
        }
    }

    private void CaptureForWrite()
    {
        AgentStateMapper.Capture(_machine, _state.State, _tenantId, _agentId);
        _storedSequence = _state.State.Published?.Sequence;
    }

    /// <summary>The latest publication: <paramref name="madeHere"/> when it still is, without building it again.</summary>
    private AgentPresence Latest(AgentPresence? madeHere) =>
        madeHere is not null && madeHere.Sequence == _machine.Published.Sequence ? madeHere : Current();

    private AgentPresence Current()
    {
        var published = _machine.Published;
        return published.Sequence == 0
            ? new AgentPresence(_tenantId, _agentId, AgentState.Offline, false, _machine.Freshness.ToContract(),
                DateTimeOffset.MinValue, DateTimeOffset.MinValue, ChangeCause.Delta, 0, [])
            : published.ToContract(_tenantId, _agentId);
    }

    /// <summary>
    /// A loss starts on a grain timer, and only one that outlasts <see cref="PresenceOptions.DecayCheckPeriod"/> gets the
    /// durable reminder that decays it even if this silo dies. A reminder is a write to the reminder table, and its
    /// removal two more: registered at once, a two-second silence of a 100,000-agent tenant cost 300,000 of them.
    /// </summary>
    private void TrackFreshness(Freshness freshness, DateTimeOffset now)
    {
        if (freshness == Freshness.Fresh)
        {
            _lostChannelTimer?.Dispose();
            _lostChannelTimer = null;
            _state.State.LostSince = null;
            UnregisterLostChannel();
            return;
        }

        _state.State.LostSince ??= now;
        if (!_state.State.LostChannelReminderRegistered && _lostChannelTimer is null)
        {
            _lostChannelTimer = this.RegisterGrainTimer(
                OnLossOutlastedAsync, new GrainTimerCreationOptions(_options.DecayCheckPeriod, Timeout.InfiniteTimeSpan));
        }
    }

    private Task OnLossOutlastedAsync(CancellationToken cancellationToken)
    {
        _lostChannelTimer?.Dispose();
        _lostChannelTimer = null;
        if (_state.State.LostSince is not { } since || _machine.Freshness == ChannelFreshness.Fresh || _state.State.LostChannelReminderRegistered)
        {
            return Task.CompletedTask;
        }

        var due = since + _options.LostChannelTtl - _time.GetUtcNow();
        LostChannel.Register(due > MinimumReminderDue ? due : MinimumReminderDue, _options.DecayCheckPeriod);
        return Task.CompletedTask;
    }

    /// <summary>Publishes what the step publishes and schedules its hold; returns the publication, if it made one.</summary>
    private async Task<AgentPresence?> HandleAsync(MachineStep step)
    {
        AgentPresence? published = null;
        if (step.Published is { } view)
        {
            StoreSignInAtOnce(view);
            var presence = view.ToContract(_tenantId, _agentId);
            await PublishAsync(presence);
            published = presence;
        }

        var inversions = _machine.Anomalies.InversionsHeld - _inversionsCounted;
        if (inversions > 0)
        {
            _inversionsCounted += inversions;
            _metrics.Inverted(_tenantId, inversions);
        }

        var disagreements = _machine.Anomalies.CompositeDisagreements - _disagreementsCounted;
        if (disagreements > 0)
        {
            _disagreementsCounted += disagreements;
            _metrics.Disagreed(_tenantId, disagreements);
        }

        ScheduleHold(step.HoldUntil);
        return published;
    }

    private Task PublishAsync(AgentPresence presence) => _outbox.EnqueueAsync(presence);

    /// <summary>
    /// A sign-in or sign-out is written now, not at the end of the persist interval. An activation restored after its
    /// silo died shows what was stored, not Fresh, until the connector re-reads it: an agent who signed in during the
    /// interval came back Offline, and readers (the tenant list, routers) took that over the Available they held, since
    /// the restored activation publishes past every earlier sequence (`chaos`: up to 215 false Offline reads after a kill).
    /// A level change between signed-in levels restores as a wrong level, but not routable, and costs no write; a sign-in
    /// is once a shift per agent. An agent with nothing stored yet (its first activation: a tenant seeding, when every
    /// agent signs in at once) waits for its first periodic write, as before: written at once, the seeding of 2,000
    /// agents on Azurite doubled its writes. The write interleaves: neither the connector's call nor the publication
    /// waits for it.
    /// </summary>
    private void StoreSignInAtOnce(AgentView view)
    {
        var signedIn = view.Level != PresenceLevel.Offline;
        if (signedIn == _publishedSignedIn)
        {
            return;
        }

        _publishedSignedIn = signedIn;
        if (_state.RecordExists)
        {
            _writer.MarkDirty();
            _writer.FlushAsync(CancellationToken.None).Ignore();
        }
    }

    /// <summary>The outbox's one write: onto the tenant stream, with the other agents' publications of this silo.</summary>
    private async Task WriteAsync(AgentPresence presence, ActivityContext trace)
    {
        using var span = PresenceTelemetry.Start(PresenceTelemetry.PublishSpan, ActivityKind.Producer, trace);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryTags.Tenant, _tenantId);
            span.SetTag(TelemetryTags.Agent, _agentId);
            span.SetTag(TelemetryTags.State, presence.State.ToString());
            span.SetTag(TelemetryTags.Routable, presence.Routable);
            span.SetTag(TelemetryTags.Cause, presence.Cause.ToString());
            span.SetTag(TelemetryTags.Sequence, presence.Sequence);
        }

        // A restored activation skips SequenceReserve sequences, so none may go out that far past the stored one (or,
        // with none stored, past the clock floor this activation started from) before it is stored.
        if (presence.Sequence >= (_storedSequence ?? _machine.SequenceFloor) + AgentStateMapper.SequenceReserve)
        {
            _writer.MarkDirty();
            await _writer.FlushAsync(CancellationToken.None);
        }

        await _publisher.PublishAsync(presence, span);
        var direction = PublicationDirections.Between(_lastWritten, presence.State);
        _lastWritten = presence.State;

        // On the span too: Application Insights keeps a histogram's sum and count but not its buckets, so the
        // workbook's percentiles come from the publications' spans, one measurement each.
        var latency = presence.Sequence == _republished ? null : _metrics.Published(presence, direction, _time.GetUtcNow());
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(PresenceTelemetry.DirectionTag, direction.Name());
            if (latency is { } ms)
            {
                span.SetTag(PresenceTelemetry.LatencyTag, ms);
            }
        }
    }

    private void ScheduleHold(DateTimeOffset? holdUntil)
    {
        if (holdUntil == _holdDeadline && _holdTimer is not null)
        {
            return;
        }

        _holdTimer?.Dispose();
        _holdTimer = null;
        if (_holdDeadline is null && holdUntil is not null)
        {
            // The change that starts a hold is what its publication, later and on a timer, continues.
            _heldTrace = Activity.Current?.Context ?? default;
        }

        _holdDeadline = holdUntil;
        if (holdUntil is not { } deadline)
        {
            return;
        }

        var due = deadline - _time.GetUtcNow();
        _holdTimer = this.RegisterGrainTimer(
            OnHoldElapsedAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task OnHoldElapsedAsync(CancellationToken cancellationToken)
    {
        using var span = _heldTrace == default ? null : PresenceTelemetry.Start(PresenceTelemetry.HoldElapsedSpan, ActivityKind.Internal, _heldTrace);
        _holdTimer?.Dispose();
        _holdTimer = null;
        var step = _machine.Tick(_time.GetUtcNow());
        if (step.Published is not null)
        {
            _writer.MarkDirty();
        }

        await HandleAsync(step);
    }

    /// <summary>
    /// Tells each device grain, one-way, of a device seen for the first time or whose liveness changed: the device grain
    /// holds a TTL reminder only while its device is live. Deltas that keep a device live cost its grain nothing.
    /// </summary>
    private void TellDevicesOfLiveness()
    {
        var told = _state.State.DeviceLivenessTold;
        foreach (var deviceId in _machine.Sources.Devices.Keys)
        {
            var live = IsLive(deviceId);
            if (!told.TryGetValue(deviceId, out var known) || known != live)
            {
                Tell(deviceId, live);
            }
        }
    }

    /// <summary>Tells the device grain, one-way, and remembers what it was told (stored, so a new activation does not repeat it).</summary>
    private void Tell(string deviceId, bool live)
    {
        _state.State.DeviceLivenessTold[deviceId] = live;
        _writer.MarkDirty();
        Device(deviceId).LivenessChangedAsync(_agentId, live).Ignore();
    }

    /// <summary>
    /// A snapshot names the device: its TTL counts from now. Moved only once the last mark is a twelfth of the TTL old
    /// (an hour of the default 12), so that confirmations a minute apart do not each need a state write; a device named
    /// all along keeps a mark at most that old, far inside its TTL. Returns whether the mark moved.
    /// </summary>
    private bool HeardOf(string deviceId, DateTimeOffset now)
    {
        if (_state.State.DeviceHeardAt.TryGetValue(deviceId, out var heardAt) && now - heardAt < _options.DeviceTtl / 12)
        {
            return false;
        }

        _state.State.DeviceHeardAt[deviceId] = now;
        return true;
    }

    private bool IsLive(string deviceId) =>
        _machine.Sources.Devices.TryGetValue(deviceId, out var source) && source.Signal != PresenceSignal.Offline;

    private IDeviceInbox Device(string deviceId) => GrainFactory.GetGrain<IDeviceInbox>(PresenceKeys.Compose(_tenantId, deviceId));

    private PresenceDelta ToDelta(SignalInput input) =>
        new(_agentId, input.DeviceId, input.State.ToDomain(), input.LastUpdated);



    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {TenantId}/{AgentId} device {DeviceId} decayed to offline after {Silent} without a signal")]
    private partial void LogDeviceDecay(string tenantId, string agentId, string deviceId, TimeSpan silent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {TenantId}/{AgentId} deactivated for {Reason}: read again from the platform")]
    private partial void LogUnorderlyDeactivation(string tenantId, string agentId, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {TenantId}/{AgentId}: another activation published up to sequence {Outranked}; published again as {Sequence}")]
    private partial void LogReassert(string tenantId, string agentId, long outranked, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {TenantId}/{AgentId} decayed to Offline: channel lost for {Lost}")]
    private partial void LogLostChannelDecay(string tenantId, string agentId, TimeSpan lost);
}
