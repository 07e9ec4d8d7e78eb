using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The emulator both ingest runs read from: N agents with three devices, no simulation (the prepared script is the
/// only traffic), no noise, room for a 100,000-agent subscription (about 9 MB), and a REST limit high enough that
/// seeding is not what the run waits for.
/// </summary>
internal static class IngestPlatform
{
    /// <summary>REST calls per second the emulator allows and the service makes while seeding (not measured here).</summary>
    public const int SeedingRestRate = 1000;

    public static Task<EmulatorServer> StartAsync(int agents)
    {
        var options = new EmulatorOptions
        {
            MaxClientFrameBytes = 64 * 1024 * 1024,
            DeltaLogCapacity = 10_000,
            RestRateLimit = new RestRateLimitOptions { RatePerSecond = SeedingRestRate, Burst = SeedingRestRate * 2 },
        };
        options.Simulation.AgentCount = agents;
        options.Simulation.DevicesPerAgent = 3;
        options.Simulation.AutoStart = false;
        options.Simulation.NoiseRatePerSecond = 0;
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>The last delta the emulator emitted (the end marker of a script).</summary>
    public static Protocol.Messages.PresenceStateChange LastDelta(EmulatorServer emulator) =>
        emulator.DeltaLog.Read(emulator.DeltaLog.Count - 1, 1).Items[0];
}
