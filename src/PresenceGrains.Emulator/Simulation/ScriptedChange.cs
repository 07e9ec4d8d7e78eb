namespace PresenceGrains.Emulator;

/// <summary>
/// One change of a prepared script (<see cref="ContactCentre.PlayAsync"/>): an agent's declared state, or a device's
/// state.
/// </summary>
/// <param name="Id">The agent id, or the device id when <paramref name="IsDevice"/>.</param>
public sealed record ScriptedChange(string Id, bool IsDevice, string State)
{
    public static ScriptedChange User(string agentId, string state) => new(agentId, false, state);

    public static ScriptedChange Device(string deviceId, string state) => new(deviceId, true, state);
}
