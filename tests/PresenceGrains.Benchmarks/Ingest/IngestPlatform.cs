using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The emulator both ingest runs read from: N agents with three devices, signed in (every device idle, every agent
/// available) before anyone subscribes, so the service learns that from its seeding snapshot; no simulation (the
/// prepared script is the only traffic), no noise, room for a 100,000-agent subscription (about 9 MB), and a REST limit
/// high enough that seeding is not what the run waits for.
/// </summary>
internal static class IngestPlatform
{
    /// <summary>REST calls per second the emulator allows and the service makes while seeding (not measured here).</summary>
    public const int SeedingRestRate = 1000;

    /// <param name="mode">The platform it speaks (the ceiling always reads the seed protocol).</param>
    public static async Task<EmulatorServer> StartAsync(int agents, EmulatorMode mode = EmulatorMode.Seed)
    {
        var options = new EmulatorOptions
        {
            Mode = mode,
            MaxClientFrameBytes = 64 * 1024 * 1024,
            DeltaLogCapacity = 10_000,
            RestRateLimit = new RestRateLimitOptions { RatePerSecond = SeedingRestRate, Burst = SeedingRestRate * 2 },
        };
        options.Simulation.AgentCount = agents;
        options.Simulation.DevicesPerAgent = 3;
        options.Simulation.AutoStart = false;
        options.Simulation.NoiseRatePerSecond = 0;
        var emulator = await EmulatorServer.StartAsync(options);
        await emulator.Centre.PlayAsync(CallCycleScript.Login(emulator.Centre.Truth()));
        return emulator;
    }

    /// <summary>The script for a saturated run: <paramref name="deltas"/> deltas' worth of steps over every agent but the last, then the marker.</summary>
    public static List<ScriptedChange> Saturating(IReadOnlyList<AgentTruth> agents, long deltas)
    {
        var script = CallCycleScript.Steps(agents.Take(agents.Count - 1).ToList(), (long)(deltas / CallCycleScript.DeltasPerStep));
        script.Add(Marker(agents));
        return script;
    }

    /// <summary>
    /// The end of a saturated run: the one agent the script leaves alone declares notReady, a raise published at once.
    /// The service applies a tenant's deltas in order, so its publication means everything before it was applied.
    /// </summary>
    public static ScriptedChange Marker(IReadOnlyList<AgentTruth> agents) => ScriptedChange.User(agents[^1].AgentId, PresenceStates.NotReady);

    /// <summary>The last delta the emulator emitted (the marker, at the end of a script).</summary>
    public static Protocol.Messages.PresenceStateChange LastDelta(EmulatorServer emulator) =>
        emulator.DeltaLog.Read(emulator.DeltaLog.Count - 1, 1).Items[0];
}
