using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Simulation;

/// <summary>One agent's true state and its place in the simulated day. Mutated only under the contact centre's lock.</summary>
internal sealed class SimAgent(int index, string id, SimDevice[] devices, ulong seed, DateTimeOffset origin)
{
    private CompositeDeviceState[]? _wireDevices;

    public int Index { get; } = index;

    public string Id { get; } = id;

    public SimDevice[] Devices { get; } = devices;

    public string UserState { get; private set; } = PresenceStates.Offline;

    public DateTimeOffset UserLastUpdated { get; private set; } = origin;

    /// <summary>This agent's own random stream: its life depends on the seed and its index only.</summary>
    public SplitMix64 Random = new(seed);

    public AgentStep Step { get; set; } = AgentStep.LoggedOut;

    /// <summary>The device carrying (or ringing with) the current call, or the next device to register or unregister.</summary>
    public int ActiveDevice { get; set; }

    /// <summary>The device a call is moving to during a hand-off.</summary>
    public int HandoffTarget { get; set; }

    public void SetUser(string state, DateTimeOffset at)
    {
        UserState = state;
        UserLastUpdated = at;
    }

    /// <summary>The platform's merge: the highest priority of the user state and every device state.</summary>
    public int CompositePriority
    {
        get
        {
            var priority = PresenceStates.Priority(UserState);
            foreach (var device in Devices)
            {
                priority = Math.Max(priority, PresenceStates.Priority(device.State));
            }

            return priority;
        }
    }

    public CompositeState Composite()
    {
        var priority = CompositePriority;
        return new CompositeState(Id, PresenceStates.OfPriority(priority), priority, _wireDevices ??= [.. Devices.Select(d => d.Wire)]);
    }

    /// <summary>Called after any device changed, so the next composite lists its new state.</summary>
    public void DevicesChanged() => _wireDevices = null;

    public AgentTruth Truth()
    {
        var priority = CompositePriority;
        return new AgentTruth(Id, UserState, UserLastUpdated, PresenceStates.OfPriority(priority), priority, [.. Devices.Select(d => d.Truth())]);
    }
}
