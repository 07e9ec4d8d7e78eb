using System.Globalization;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Simulation;

/// <summary>
/// The agents and devices with their true state, and the one place where state changes become deltas. Every mutation
/// runs under <see cref="Gate"/>. Every delta is a true statement about its source: its state and the time that source
/// last changed.
/// </summary>
internal sealed class CentreState
{
    private readonly Dictionary<string, SimAgent> _agents;
    private readonly Dictionary<string, (SimAgent Agent, SimDevice Device)> _devices;
    private readonly DeltaPublisher _publisher;

    public CentreState(SimulationOptions options, DateTimeOffset origin, DeltaPublisher publisher)
    {
        _publisher = publisher;
        Origin = origin;
        var width = Math.Max(4, options.AgentCount.ToString(CultureInfo.InvariantCulture).Length);
        Agents = new SimAgent[options.AgentCount];
        _agents = new Dictionary<string, SimAgent>(options.AgentCount, StringComparer.Ordinal);
        _devices = new Dictionary<string, (SimAgent, SimDevice)>(options.AgentCount * 2, StringComparer.Ordinal);
        for (var i = 0; i < options.AgentCount; i++)
        {
            var id = "agent-" + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            var random = new SplitMix64(AgentSeed(options.Seed, i));
            var devices = Layout(ref random, options.DevicesPerAgent).Select(kind => new SimDevice($"{id}-{kind.Suffix()}", kind, origin)).ToArray();
            var agent = new SimAgent(i, id, devices, random.NextUInt64(), origin);
            Agents[i] = agent;
            _agents.Add(id, agent);
            foreach (var device in devices)
            {
                _devices.Add(device.Id, (agent, device));
            }
        }
    }

    public Lock Gate { get; } = new();

    public DateTimeOffset Origin { get; }

    public SimAgent[] Agents { get; }

    public int DeviceCount => _devices.Count;

    public SimAgent? FindAgent(string id) => _agents.GetValueOrDefault(id);

    public (SimAgent Agent, SimDevice Device)? FindDevice(string id) =>
        _devices.TryGetValue(id, out var found) ? found : null;

    /// <summary>Sets the agent's declared state and emits the user-level delta. No change, no delta.</summary>
    public void ApplyUser(SimAgent agent, string state, DateTimeOffset at, string? reason, List<PresenceStateChange>? emitted = null)
    {
        if (agent.UserState == state)
        {
            return;
        }

        agent.SetUser(state, After(at, agent.UserLastUpdated));
        Emit(new PresenceStateChange(PresenceStateChange.Type, agent.Id, null, state, state, agent.UserLastUpdated, reason, agent.Composite()), emitted);
    }

    /// <summary>
    /// Sets a device's state and emits the device delta; when that changes the platform's composite, the platform also
    /// pushes the user-level delta (seed §2 "pushes both updates"): the agent's declared state, as of when it was
    /// declared, with the new composite.
    /// </summary>
    public void ApplyDevice(SimAgent agent, SimDevice device, string state, DateTimeOffset at, string? reason, List<PresenceStateChange>? emitted = null)
    {
        if (device.State == state)
        {
            return;
        }

        var compositeBefore = agent.CompositePriority;
        device.Set(state, After(at, device.LastUpdated));
        agent.DevicesChanged();
        var composite = agent.Composite();
        Emit(new PresenceStateChange(PresenceStateChange.Type, agent.Id, device.Id, state, state, device.LastUpdated, reason, composite), emitted);
        if (composite.Priority != compositeBefore)
        {
            Emit(new PresenceStateChange(PresenceStateChange.Type, agent.Id, null, agent.UserState, agent.UserState, agent.UserLastUpdated, "composite_changed", composite), emitted);
        }
    }

    private void Emit(PresenceStateChange delta, List<PresenceStateChange>? emitted)
    {
        _publisher.Publish(delta);
        emitted?.Add(delta);
    }

    /// <summary>A source's time never goes backwards and never repeats: a change lands at least 1 ms after the last.</summary>
    private static DateTimeOffset After(DateTimeOffset at, DateTimeOffset last) => at > last ? at : last.AddMilliseconds(1);

    private static ulong AgentSeed(int seed, int index)
    {
        var mix = new SplitMix64(((ulong)(uint)seed << 32) ^ (uint)index);
        return mix.NextUInt64();
    }

    /// <summary>
    /// One to three devices: always a softphone, then a mobile and/or a desk phone. The draws are made even when the
    /// count is fixed, so that the rest of an agent's life does not depend on it.
    /// </summary>
    private static DeviceKind[] Layout(ref SplitMix64 random, int? fixedCount)
    {
        var roll = random.NextDouble();
        var count = fixedCount ?? (roll < 0.3 ? 1 : roll < 0.75 ? 2 : 3);
        var second = random.Chance(0.5) ? DeviceKind.Mobile : DeviceKind.DeskPhone;
        var third = second == DeviceKind.Mobile ? DeviceKind.DeskPhone : DeviceKind.Mobile;
        return count switch
        {
            1 => [DeviceKind.Softphone],
            2 => [DeviceKind.Softphone, second],
            _ => [DeviceKind.Softphone, second, third],
        };
    }
}
