using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Simulation;

/// <summary>One endpoint's true state. Mutated only under the contact centre's lock.</summary>
internal sealed class SimDevice(string id, DeviceKind kind, DateTimeOffset origin)
{
    public string Id { get; } = id;

    public DeviceKind Kind { get; } = kind;

    public string State { get; private set; } = PresenceStates.Offline;

    public DateTimeOffset LastUpdated { get; private set; } = origin;

    /// <summary>This device as the composite state lists it; rebuilt only when the device changes.</summary>
    public CompositeDeviceState Wire { get; private set; } = new(id, PresenceStates.Offline, origin);

    public void Set(string state, DateTimeOffset at)
    {
        State = state;
        LastUpdated = at;
        Wire = new CompositeDeviceState(Id, state, at);
    }

    public DeviceTruth Truth() => new(Id, Kind, State, LastUpdated);
}
