namespace PresenceGrains.Emulator;

/// <summary>
/// The simulated contact centre: its size, its seed (same seed, same life) and its pace. Durations are means of
/// exponential draws, multiplied by <see cref="TimeScale"/>.
/// </summary>
public sealed class SimulationOptions
{
    public int AgentCount { get; set; } = 50;

    public int Seed { get; set; } = 1;

    /// <summary>
    /// When set, every agent has exactly this many devices (1 to 3: the softphone, then a mobile and/or a desk phone);
    /// when null, each agent draws one to three. Load tests use 3, the heaviest realistic agent.
    /// </summary>
    public int? DevicesPerAgent { get; set; }

    /// <summary>Whether the agents start living their day as soon as the emulator starts.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>Multiplies every duration: 0.1 runs the day ten times faster.</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>Agents log in spread over this many seconds after the simulation starts.</summary>
    public double LoginSpreadSeconds { get; set; } = 10;

    /// <summary>Mean time an agent stays available before the next thing happens (a call, a break, logging out).</summary>
    public double MeanIdleSeconds { get; set; } = 12;

    public double MeanRingSeconds { get; set; } = 4;

    public double MeanCallSeconds { get; set; } = 45;

    public double MeanWrapUpSeconds { get; set; } = 10;

    public double MeanBreakSeconds { get; set; } = 90;

    /// <summary>Mean time a logged-out agent stays away before logging in again.</summary>
    public double MeanAwaySeconds { get; set; } = 120;

    /// <summary>When an available agent's idle time ends: the chance it goes on a break rather than taking a call.</summary>
    public double BreakProbability { get; set; } = 0.15;

    /// <summary>When an available agent's idle time ends: the chance it logs out.</summary>
    public double LogoutProbability { get; set; } = 0.02;

    /// <summary>The chance a ringing call is not answered.</summary>
    public double MissedCallProbability { get; set; } = 0.05;

    /// <summary>The chance a call moves to another of the agent's devices mid-call (seed edge case 1).</summary>
    public double HandoffProbability { get; set; } = 0.1;

    /// <summary>The chance a device stays online after its agent logs out (a ghost device).</summary>
    public double GhostDeviceProbability { get; set; } = 0.1;

    /// <summary>Internal frames per second (routing calculations, queue positions, SIP dialogs) sent to global or "all" subscriptions.</summary>
    public double NoiseRatePerSecond { get; set; } = 500;

    /// <summary>How often the scheduler releases due events; event timestamps do not depend on it.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(20);
}
