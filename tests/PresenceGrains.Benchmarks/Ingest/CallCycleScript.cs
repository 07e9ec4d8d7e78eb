using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The prepared stream: every agent signed in on three devices, taken through call cycles in turn. Each step changes
/// the agent's composite, alternately up and down, so every delta the service resolves has something to publish:
/// <list type="number">
/// <item>declares notReady (raise), then available again (lowering);</item>
/// <item>the softphone rings (raise), then is idle again (lowering);</item>
/// <item>the mobile takes a call (raise), then is idle again (lowering);</item>
/// <item>the desk phone is in use (raise), then is idle again (lowering).</item>
/// </list>
/// Steps go agent by agent (step 1 of every agent, then step 2 …), so that the time between two changes of one agent
/// is the agent count divided by the rate. A device step that moves the platform's composite also brings the
/// platform's user-level delta (seed §2 "pushes both updates"), as the emulator sends it.
/// </summary>
internal static class CallCycleScript
{
    private const int StepsPerCycle = 8;

    /// <summary>Every device idle, then the agent available: the state each cycle starts and ends in.</summary>
    public static List<ScriptedChange> Login(IReadOnlyList<AgentTruth> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var script = new List<ScriptedChange>(agents.Count * 4);
        var devices = agents.Max(a => a.Devices.Count);
        for (var d = 0; d < devices; d++)
        {
            script.AddRange(agents.Where(a => d < a.Devices.Count).Select(a => ScriptedChange.Device(a.Devices[d].DeviceId, a.Devices[d].Kind.IdleState())));
        }

        script.AddRange(agents.Select(a => ScriptedChange.User(a.AgentId, PresenceStates.Available)));
        return script;
    }

    /// <summary>
    /// Whole cycles for every agent; <paramref name="steps"/> cuts the script short (a paced run plays only what its
    /// time allows). Agents need three devices.
    /// </summary>
    public static List<ScriptedChange> Cycles(IReadOnlyList<AgentTruth> agents, int cycles, long? steps = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (agents.Any(a => a.Devices.Count < 3))
        {
            throw new ArgumentException("The call cycle needs agents with three devices (Simulation:DevicesPerAgent = 3).", nameof(agents));
        }

        var length = Math.Min(steps ?? long.MaxValue, (long)cycles * StepsPerCycle * agents.Count);
        var script = new List<ScriptedChange>((int)length);
        for (var step = 0; script.Count < length; step = (step + 1) % StepsPerCycle)
        {
            foreach (var agent in agents)
            {
                if (script.Count == length)
                {
                    break;
                }

                script.Add(Step(agent, step));
            }
        }

        return script;
    }

    /// <summary>How many whole cycles come closest to <paramref name="deltas"/> deltas, at least one.</summary>
    public static int CyclesFor(long deltas, int agents) =>
        (int)Math.Max(1, Math.Round(deltas / (double)(agents * DeltasPerCycle)));

    /// <summary>Deltas on the wire per cycle: two user steps, and six device steps that each bring a composite delta.</summary>
    public const int DeltasPerCycle = 2 + (6 * 2);

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
