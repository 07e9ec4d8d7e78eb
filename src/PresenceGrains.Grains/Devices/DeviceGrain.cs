using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Hosting;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Devices;

/// <summary>
/// One device (key <c>tenant/deviceId</c>). It filters stale and duplicate signals with the same last-writer-wins rule as
/// the agent (<see cref="PresenceSources"/>), forwards what is news, and decays the device to offline on a reminder when
/// nothing has been heard of it for the TTL: a ghost device must not keep an agent reachable forever.
/// </summary>
// Agents and devices spread evenly over the silos; resource-optimised placement would pile a burst of start-up
// activations onto whichever silo looked least loaded a moment ago.
[Orleans.Placement.RandomPlacement]
public sealed partial class DeviceGrain : Grain, IDeviceGrain, IRemindable
{
    internal const string TtlReminder = "device-ttl-decay";

    private readonly IPersistentState<DeviceGrainState> _state;
    private readonly PresenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceGrain> _logger;
    private readonly PresenceMetrics _metrics;
    private readonly PresenceSources _cache = new();
    private string _tenantId = "";
    private string _deviceId = "";
    private CoalescedWriter<DeviceGrainState> _writer = null!;
    private bool _reminderRegistered;

    public DeviceGrain(
        [PersistentState("device", StorageNames.Presence)] IPersistentState<DeviceGrainState> state,
        IOptions<PresenceOptions> options,
        TimeProvider time,
        ILogger<DeviceGrain> logger,
        PresenceMetrics metrics)
    {
        _state = state;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _deviceId) = PresenceKeys.Split(this.GetPrimaryKeyString());
        _writer = new CoalescedWriter<DeviceGrainState>(this, _state, Capture, _options.PersistInterval);
        if (_state.State.Source is { } source)
        {
            _cache.Restore(null, [new(_deviceId, new SourceState(source.State.ToDomain(), source.LastUpdated, source.Decayed))]);
            _reminderRegistered = source.State != DeviceState.Offline;
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task ApplyAsync(string agentId, IReadOnlyList<SignalInput> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(inputs);
        _state.State.AgentId = agentId;
        _state.State.LastHeardAt = _time.GetUtcNow();
        List<SignalInput>? news = null;
        foreach (var input in inputs)
        {
            using var span = PresenceTelemetry.StartForDelta(PresenceTelemetry.DeviceApplySpan, input.TraceParent);
            var outcome = _cache.Apply(new PresenceDelta(agentId, _deviceId, input.State.ToDomain(), input.LastUpdated));
            span?.SetTag(TelemetryTags.Device, _deviceId);
            span?.SetTag(TelemetryTags.Outcome, outcome.ToString());
            _metrics.Judged(_tenantId, outcome, device: true);
            if (outcome is ApplyOutcome.Applied or ApplyOutcome.TieWon)
            {
                (news ??= []).Add(input);
            }
        }

        _writer.MarkDirty();
        await EnsureReminderAsync();

        // Stale and duplicate signals stop here; the agent would discard them too, at the price of a call.
        if (news is not null)
        {
            await GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, agentId)).ApplyAsync(news);
        }
    }

    public async Task ConfirmAsync(string agentId, DeviceState state, DateTimeOffset lastUpdated)
    {
        _state.State.AgentId = agentId;
        _state.State.LastHeardAt = _time.GetUtcNow();
        _cache.Restore(null, [new(_deviceId, new SourceState(state.ToDomain(), lastUpdated))]);
        _writer.MarkDirty();
        await EnsureReminderAsync();
    }

    public Task<DevicePresence?> GetAsync() =>
        Task.FromResult(_cache.Devices.TryGetValue(_deviceId, out var s)
            ? new DevicePresence(_deviceId, s.Signal.ToContract(), s.LastUpdated)
            : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TtlReminder)
        {
            return;
        }

        var silentFor = _time.GetUtcNow() - _state.State.LastHeardAt;
        if (silentFor < _options.DeviceTtl || _state.State.AgentId is not { } agentId)
        {
            return;
        }

        if (_cache.DecayDevice(_deviceId))
        {
            LogDecay(_tenantId, _deviceId, silentFor);
            _writer.MarkDirty();
            await GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, agentId)).DecayDeviceAsync(_deviceId);
        }

        if (await this.GetReminder(TtlReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private async Task EnsureReminderAsync()
    {
        // The reminder exists only while the device claims to be somewhere: an offline device has nothing to decay, and
        // registering on every signal would make every delta a storage write.
        var online = _cache.Devices.TryGetValue(_deviceId, out var s) && s.Signal != PresenceSignal.Offline;
        if (online && !_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(TtlReminder, _options.DeviceTtl, _options.DecayCheckPeriod);
            _reminderRegistered = true;
        }
    }

    private void Capture()
    {
        _state.State.Source = _cache.Devices.TryGetValue(_deviceId, out var s)
            ? new StoredSource(_deviceId, s.Signal.ToContract(), s.LastUpdated, s.Decayed)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {TenantId}/{DeviceId} decayed to offline after {Silent} without a signal")]
    private partial void LogDecay(string tenantId, string deviceId, TimeSpan silent);
}
