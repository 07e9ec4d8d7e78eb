using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Devices;

/// <summary>
/// One device (key <c>tenant/deviceId</c>): the durable owner of its TTL decay. Its agent resolves the device with all
/// the others and tells this grain, one-way, only when the device's liveness changes, so a delta costs a device nothing.
/// While the device is live a reminder asks the agent, one-way, whether it has stayed silent past the TTL: a ghost
/// device must not keep an agent reachable forever, even across silo losses. Reads ask the agent, which never waits on a
/// device, so there is no call cycle.
/// </summary>
// Devices spread evenly over the silos; resource-optimised placement would pile a burst of start-up activations onto
// whichever silo looked least loaded a moment ago.
[Orleans.Placement.RandomPlacement]
public sealed partial class DeviceGrain : Grain, IDevicePresenceGrain, IDeviceInbox, IRemindable
{
    internal const string TtlReminder = "device-ttl-decay";

    private readonly IPersistentState<DeviceGrainState> _state;
    private readonly PresenceOptions _options;
    private readonly ILogger<DeviceGrain> _logger;
    private string _tenantId = "";
    private string _deviceId = "";

    public DeviceGrain(
        [PersistentState("device", StorageNames.Presence)] IPersistentState<DeviceGrainState> state,
        IOptions<PresenceOptions> options,
        ILogger<DeviceGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _deviceId) = PresenceKeys.Split(this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<DeviceReading?> GetAsync()
    {
        if (_state.State.AgentId is not { } agentId)
        {
            return null;
        }

        var agent = await GrainFactory.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(_tenantId, agentId)).GetAsync();
        return agent.Devices.FirstOrDefault(d => d.DeviceId == _deviceId) is { } device
            ? new DeviceReading(_tenantId, _deviceId, agentId, device.State, device.State != DeviceState.Offline, device.LastUpdated, agent.Freshness)
            : null;
    }

    public async Task LivenessChangedAsync(string agentId, bool live)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        if (_state.State.AgentId == agentId && _state.State.Live == live && _state.RecordExists)
        {
            return;
        }

        // A liveness change is rare (a device signs in or out), so it is stored at once and registers or removes the
        // reminder: the reminder table sees one write per change, never one per delta.
        if (live)
        {
            await this.RegisterOrUpdateReminder(TtlReminder, _options.DeviceTtl, _options.DecayCheckPeriod);
        }
        else if (await this.GetReminder(TtlReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _state.State.AgentId = agentId;
        _state.State.Live = live;
        await _state.WriteStateAsync();
        LogLiveness(_tenantId, _deviceId, agentId, live);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TtlReminder || _state.State.AgentId is not { } agentId)
        {
            return Task.CompletedTask;
        }

        // The agent knows when it last heard of the device; it decays it, or not, and tells this grain if it did.
        return GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, agentId)).CheckDeviceTtlAsync(_deviceId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {TenantId}/{DeviceId} of agent {AgentId}: live {Live}")]
    private partial void LogLiveness(string tenantId, string deviceId, string agentId, bool live);
}
