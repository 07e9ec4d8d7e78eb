using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// What the service should show for the emulator's truth, by design §2 and independently of the Domain: the agent's
/// declared level, raised only by a device's engagement (NotReady, WrapUp, OnCall); an idle or ghost device never
/// raises it.
/// </summary>
internal static class DesignComposite
{
    /// <summary>A platform state on the routing scale (the emulator's priorities are the levels' order).</summary>
    public static AgentState Level(string platformState) => (AgentState)PresenceStates.Priority(platformState);

    public static AgentState Of(AgentState user, ReadOnlySpan<AgentState> devices)
    {
        var composite = user;
        foreach (var device in devices)
        {
            if (device >= AgentState.NotReady && device > composite)
            {
                composite = device;
            }
        }

        return composite;
    }

    public static AgentState Of(AgentTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return Of(Level(truth.UserState), [.. truth.Devices.Select(d => Level(d.State))]);
    }

    /// <summary>Engaged: busy in a way that must never be offered a call.</summary>
    public static bool IsEngaged(AgentState state) => state >= AgentState.NotReady;
}
