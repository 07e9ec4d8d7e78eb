using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Hosting;
using PresenceGrains.Grains.Watch;

namespace PresenceGrains.Grains.Devices;

/// <summary>
/// One device (key <c>tenant/deviceId</c>): the durable owner of its TTL decay. Its agent resolves the device with all
/// the others and tells this grain, one-way, only when the device's liveness changes, so a delta costs a device nothing.
/// While the device is live a reminder asks the agent, one-way, whether it has stayed silent past the TTL: a ghost
/// device must not keep an agent reachable forever, even across silo losses. The reminder is the grain's only stored
/// record (it exists while the device is live); its agent is found in the watched set, so activating a device reads
/// nothing from storage. Reads ask the agent, which never waits on a device, so there is no call cycle.
/// </summary>
// Devices spread evenly over the silos; resource-optimised placement would pile a burst of start-up activations onto
// whichever silo looked least loaded a moment ago.
[Orleans.Placement.RandomPlacement]
public sealed partial class DeviceGrain : Grain, IDevicePresenceGrain, IDeviceInbox, IRemindable
{
    internal const string TtlReminder = "device-ttl-decay";

    private readonly PresenceOptions _options;
    private readonly WatchedSets _watchedSets;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceGrain> _logger;
    private string _tenantId = "";
    private string _deviceId = "";
    private bool? _live;

    public DeviceGrain(IOptions<PresenceOptions> options, WatchedSets watchedSets, TimeProvider time, ILogger<DeviceGrain> logger)
    {
        _options = options.Value;
        _watchedSets = watchedSets;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _deviceId) = PresenceKeys.Split(this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<DeviceReading?> GetAsync()
    {
        if (await OwnerAsync() is not { } agentId)
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
        if (_live == live)
        {
            return;
        }

        // A liveness change is rare (a device signs in or out): it registers or removes the reminder, so the reminder
        // table sees one write per change, never one per delta. A write storage refuses is tried again, never dropped.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ReminderWrites.ChangeAsync(this, TtlReminder, live, _options.DeviceTtl, _options.DecayCheckPeriod);
                _live = live;
                LogLiveness(_tenantId, _deviceId, agentId, live);

                // The reminder is all a device keeps, and it fires next a TTL (hours) from now: resident meanwhile, every
                // signed-in device held an activation for nothing (300,000 of them at 100,000 agents).
                this.DeactivateOnIdle();
                return;
            }
            catch (Exception ex)
            {
                // Storage timing out under a burst shows as a timeout or a cancellation: either way, try again later.
                LogReminderRetry(ex, _tenantId, _deviceId, ReminderWrites.RetryDelay(attempt));
            }

            await Task.Delay(ReminderWrites.RetryDelay(attempt), _time);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TtlReminder)
        {
            return;
        }

        _live = true;
        if (await OwnerAsync() is { } agentId)
        {
            // The agent knows when it last heard of the device; it decays it, or not, and tells this grain if it did.
            await GrainFactory.GetGrain<IAgentInbox>(PresenceKeys.Compose(_tenantId, agentId)).CheckDeviceTtlAsync(_deviceId);
        }
        else if (await this.GetReminder(TtlReminder) is { } reminder)
        {
            // No longer watched: nothing will ever decay it, and nothing should.
            await this.UnregisterReminder(reminder);
            _live = false;
        }
    }

    private async ValueTask<string?> OwnerAsync() => (await _watchedSets.GetAsync(_tenantId)).OwnerOf(_deviceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {TenantId}/{DeviceId} of agent {AgentId}: live {Live}")]
    private partial void LogLiveness(string tenantId, string deviceId, string agentId, bool live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {TenantId}/{DeviceId}: its TTL reminder could not be written yet; trying again in {Wait}")]
    private partial void LogReminderRetry(Exception exception, string tenantId, string deviceId, TimeSpan wait);
}
