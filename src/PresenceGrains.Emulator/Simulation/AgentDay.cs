namespace PresenceGrains.Emulator.Simulation;

/// <summary>
/// An agent's working day as a step machine: each step makes one change, chooses the next step, and says how long
/// until it. All randomness comes from the agent's own stream, so the day is a pure function of the seed.
/// </summary>
internal sealed class AgentDay(CentreState centre, SimulationOptions options)
{
    private static readonly string[] BreakReasons = ["break", "lunch", "training", "meeting"];

    /// <summary>The delay before an agent's first step: logins spread over the start of the shift.</summary>
    public long FirstDelay(SimAgent agent) => Milliseconds(agent.Random.NextDouble() * options.LoginSpreadSeconds);

    /// <summary>Runs the agent's current step at <paramref name="at"/>; returns the delay to its next step.</summary>
    public long Step(SimAgent agent, DateTimeOffset at)
    {
        ref var random = ref agent.Random;
        var devices = agent.Devices;
        switch (agent.Step)
        {
            case AgentStep.LoggedOut:
                agent.ActiveDevice = 0;
                agent.Step = AgentStep.Registering;
                return Register(agent, at);

            case AgentStep.Registering:
                if (agent.ActiveDevice < devices.Length)
                {
                    return Register(agent, at);
                }

                centre.ApplyUser(agent, PresenceStates.NotReady, at, "login");
                agent.Step = AgentStep.LoggedInNotReady;
                return Milliseconds(random.NextExponential(options.MeanWrapUpSeconds));

            case AgentStep.LoggedInNotReady:
            case AgentStep.WrapUp:
            case AgentStep.OnBreak:
                centre.ApplyUser(agent, PresenceStates.Available, at, agent.Step switch
                {
                    AgentStep.LoggedInNotReady => "ready",
                    AgentStep.WrapUp => "wrap_up_complete",
                    _ => "break_over",
                });
                agent.Step = AgentStep.Idle;
                return Milliseconds(random.NextExponential(options.MeanIdleSeconds));

            case AgentStep.Idle:
                return EndIdle(agent, at);

            case AgentStep.Ringing:
                if (random.Chance(options.MissedCallProbability))
                {
                    var missed = devices[agent.ActiveDevice];
                    centre.ApplyDevice(agent, missed, missed.Kind.IdleState(), at, "call_abandoned");
                    centre.ApplyUser(agent, PresenceStates.NotReady, at, "not_responding");
                    agent.Step = AgentStep.OnBreak;
                    return Milliseconds(random.NextExponential(options.MeanWrapUpSeconds));
                }

                var ringing = devices[agent.ActiveDevice];
                centre.ApplyDevice(agent, ringing, ringing.Kind.BusyState(), at, "call_answered");
                agent.Step = AgentStep.OnCall;
                return Milliseconds(random.NextExponential(options.MeanCallSeconds));

            case AgentStep.OnCall:
                var current = devices[agent.ActiveDevice];
                if (random.Chance(options.HandoffProbability) && PickOnline(agent, exclude: agent.ActiveDevice) is { } target)
                {
                    // Seed edge case 1: the old device reports idle a moment BEFORE the new one reports the call.
                    centre.ApplyDevice(agent, current, current.Kind.IdleState(), at, "call_transferred");
                    agent.HandoffTarget = target;
                    agent.Step = AgentStep.HandingOff;
                    return 50 + random.NextInt(550);
                }

                centre.ApplyDevice(agent, current, current.Kind.IdleState(), at, "call_ended");
                agent.Step = AgentStep.CallEnded;
                return 100 + random.NextInt(700);

            case AgentStep.HandingOff:
                var next = devices[agent.HandoffTarget];
                centre.ApplyDevice(agent, next, next.Kind.BusyState(), at, "call_transferred_in");
                agent.ActiveDevice = agent.HandoffTarget;
                agent.Step = AgentStep.OnCall;
                return Milliseconds(random.NextExponential(options.MeanCallSeconds / 2));

            case AgentStep.CallEnded:
                centre.ApplyUser(agent, PresenceStates.WrapUp, at, "after_call_work");
                agent.Step = AgentStep.WrapUp;
                return Milliseconds(random.NextExponential(options.MeanWrapUpSeconds));

            case AgentStep.LoggingOut:
                var leaving = devices[agent.ActiveDevice];
                if (!random.Chance(options.GhostDeviceProbability))
                {
                    centre.ApplyDevice(agent, leaving, PresenceStates.Offline, at, "device_unregistered");
                }

                agent.ActiveDevice--;
                if (agent.ActiveDevice >= 0)
                {
                    return 100 + random.NextInt(1400);
                }

                agent.Step = AgentStep.LoggedOut;
                return Milliseconds(random.NextExponential(options.MeanAwaySeconds));

            default:
                return -1;
        }
    }

    private long Register(SimAgent agent, DateTimeOffset at)
    {
        var device = agent.Devices[agent.ActiveDevice++];
        centre.ApplyDevice(agent, device, device.Kind.IdleState(), at, "device_registered");
        return 100 + agent.Random.NextInt(1400);
    }

    private long EndIdle(SimAgent agent, DateTimeOffset at)
    {
        ref var random = ref agent.Random;
        var roll = random.NextDouble();
        if (roll < options.LogoutProbability)
        {
            centre.ApplyUser(agent, PresenceStates.Offline, at, "logout");
            agent.ActiveDevice = agent.Devices.Length - 1;
            agent.Step = AgentStep.LoggingOut;
            return 200 + random.NextInt(1800);
        }

        if (roll < options.LogoutProbability + options.BreakProbability)
        {
            centre.ApplyUser(agent, PresenceStates.NotReady, at, BreakReasons[random.NextInt(BreakReasons.Length)]);
            agent.Step = AgentStep.OnBreak;
            return Milliseconds(random.NextExponential(options.MeanBreakSeconds));
        }

        if (PickOnline(agent, exclude: -1) is not { } device)
        {
            // Every device was marked offline by the platform (a client lost its pongs): the softphone registers again.
            var softphone = agent.Devices[0];
            centre.ApplyDevice(agent, softphone, softphone.Kind.IdleState(), at, "device_registered");
            return Milliseconds(random.NextExponential(options.MeanIdleSeconds));
        }

        agent.ActiveDevice = device;
        var ringing = agent.Devices[device];
        centre.ApplyDevice(agent, ringing, PresenceStates.Ringing, at, "incoming_call");
        agent.Step = AgentStep.Ringing;
        return Milliseconds(random.NextExponential(options.MeanRingSeconds));
    }

    /// <summary>A random device that is not offline, other than <paramref name="exclude"/>; null when there is none.</summary>
    private static int? PickOnline(SimAgent agent, int exclude)
    {
        var devices = agent.Devices;
        var start = agent.Random.NextInt(devices.Length);
        for (var i = 0; i < devices.Length; i++)
        {
            var candidate = (start + i) % devices.Length;
            if (candidate != exclude && devices[candidate].State != PresenceStates.Offline)
            {
                return candidate;
            }
        }

        return null;
    }

    private long Milliseconds(double seconds) => Math.Max(1, (long)(seconds * 1000 * options.TimeScale));
}
