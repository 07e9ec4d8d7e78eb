using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Devices;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Deltas gathered between two control events, grouped by the grain that takes them: user-level deltas by agent, device
/// deltas by device. One call per grain per batch, all in parallel, keeps each source's order (a grain receives its
/// deltas in arrival order, in one call) while many grains work at once.
/// </summary>
internal sealed class DeltaBatch
{
    private readonly Dictionary<string, List<SignalInput>> _byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string AgentId, List<SignalInput> Inputs)> _byDevice = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(DeltaReceived received)
    {
        var delta = received.Delta;
        var input = new SignalInput(
            delta.DeviceId, delta.Signal.ToContract(), delta.LastUpdated, received.PlatformComposite?.ToContract(), received.ReceivedAt,
            TraceParent.Format(received.Trace));
        if (delta.DeviceId is null)
        {
            if (!_byAgent.TryGetValue(delta.AgentId, out var list))
            {
                _byAgent[delta.AgentId] = list = [];
            }

            list.Add(input);
        }
        else
        {
            if (!_byDevice.TryGetValue(delta.DeviceId, out var entry))
            {
                _byDevice[delta.DeviceId] = entry = (delta.AgentId, []);
            }

            entry.Inputs.Add(input);
        }

        Count++;
    }

    /// <summary>Sends everything gathered and waits until every grain has taken its part.</summary>
    public async Task DispatchAsync(IGrainFactory grains, string tenantId)
    {
        if (Count == 0)
        {
            return;
        }

        var calls = new List<Task>(_byAgent.Count + _byDevice.Count);
        foreach (var (agentId, inputs) in _byAgent)
        {
            var agent = grains.GetGrain<IAgentInbox>(PresenceKeys.Compose(tenantId, agentId));
            calls.Add(DispatchTrace.CallAsync(tenantId, inputs, agent, static (a, i) => a.ApplyAsync(i)));
        }

        foreach (var (deviceId, (agentId, inputs)) in _byDevice)
        {
            var device = grains.GetGrain<IDeviceGrain>(PresenceKeys.Compose(tenantId, deviceId));
            calls.Add(DispatchTrace.CallAsync(tenantId, inputs, (device, agentId), static (d, i) => d.device.ApplyAsync(d.agentId, i)));
        }

        _byAgent.Clear();
        _byDevice.Clear();
        Count = 0;
        await Task.WhenAll(calls);
    }
}
