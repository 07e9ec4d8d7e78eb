using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The prepared stream: agents signed in on three devices, taken through call cycles in turn. Each step changes the
/// agent's composite, alternately up and down, so every delta the service resolves has something to publish:
/// <list type="number">
/// <item>declares notReady (raise), then available again (lowering);</item>
/// <item>the softphone rings (raise), then is idle again (lowering);</item>
/// <item>the mobile takes a call (raise), then is idle again (lowering);</item>
/// <item>the desk phone is in use (raise), then is idle again (lowering).</item>
/// </list>
/// Steps go agent by agent (one step of every agent, then the next …), so that the time between two changes of one
/// agent is the agent count divided by the rate; agents start the cycle at one of four phases, so that any length of
/// script holds every kind of step. A device step that moves the platform's composite also brings the platform's
/// user-level delta (seed §2 "pushes both updates"), as the emulator sends it.
/// </summary>
internal static class CallCycleScript
{
    /// <summary>Deltas on the wire per cycle: two user steps, and six device steps that each bring a composite delta.</summary>
    public const double DeltasPerStep = (2 + (6 * 2)) / (double)StepsPerCycle;

    private const int StepsPerCycle = 8;

    /// <summary>Every device idle, then the agent available: the state every cycle starts and ends in.</summary>
    public static List<ScriptedChange> Login(IReadOnlyList<AgentTruth> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        return
        [
            .. agents.SelectMany(a => a.Devices.Select(d => ScriptedChange.Device(d.DeviceId, d.Kind.IdleState()))),
            .. agents.Select(a => ScriptedChange.User(a.AgentId, PresenceStates.Available)),
        ];
    }

    /// <summary><paramref name="steps"/> steps over <paramref name="agents"/> in turn. Agents need three devices.</summary>
    public static List<ScriptedChange> Steps(IReadOnlyList<AgentTruth> agents, long steps)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (agents.Any(a => a.Devices.Count < 3))
        {
            throw new ArgumentException("The call cycle needs agents with three devices (Simulation:DevicesPerAgent = 3).", nameof(agents));
        }

        var script = new List<ScriptedChange>((int)steps);
        for (var round = 0; script.Count < steps; round++)
        {
            for (var a = 0; a < agents.Count && script.Count < steps; a++)
            {
                script.Add(Step(agents[a], (round + (2 * (a % 4))) % StepsPerCycle));
            }
        }

        return script;
    }

    private static ScriptedChange Step(AgentTruth agent, int step)
    {
        var device = agent.Devices[Math.Max(0, (step / 2) - 1)];
        return step switch
        {
            0 => ScriptedChange.User(agent.AgentId, PresenceStates.NotReady),
            1 => ScriptedChange.User(agent.AgentId, PresenceStates.Available),
            2 => ScriptedChange.Device(device.DeviceId, PresenceStates.Ringing),
            4 or 6 => ScriptedChange.Device(device.DeviceId, device.Kind.BusyState()),
            _ => ScriptedChange.Device(device.DeviceId, device.Kind.IdleState()),
        };
    }
}
