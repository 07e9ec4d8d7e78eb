using System.Diagnostics;
using System.Runtime;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Memory;

/// <summary>
/// One agent count in a fresh process: the emulator in a process of its own logs every agent in on three devices and
/// stops; the service (this process) reads its baseline, watches every agent, seeds them all from REST, settles, and
/// reads again.
/// </summary>
internal static class MemoryProbe
{
    private const int DevicesPerAgent = 3;

    public static async Task<MemoryFigures> MeasureAsync(int agentCount, BenchStorage storage)
    {
        var (emulator, signedIn) = await FrozenDay.StartAsync(agentCount, DevicesPerAgent);
        await using var _ = emulator;
        Progress.Say($"memory, {agentCount:N0} agents: {signedIn:N0} of {agentCount * DevicesPerAgent:N0} devices signed in when the centre was frozen");
        var agents = await emulator.AgentsAsync();

        await using var service = await ServiceUnderTest.StartAsync(emulator.BaseUrl, storage, new Dictionary<string, string?>
        {
            ["Presence:Platform:RestRequestsPerSecond"] = "1000",
        });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var baseline = Sample();
        Progress.Say($"memory, {agentCount:N0} agents: baseline RSS {Format.MiB(baseline.Rss)}, managed {Format.MiB(baseline.Managed)}; watching every agent");

        var seeding = Stopwatch.StartNew();
        await service.WatchAsync(agents);
        await service.WaitConnectedAsync(TimeSpan.FromMinutes(10));
        var seedSeconds = seeding.Elapsed.TotalSeconds;

        // Coalesced state writes (1 s) and routability holds (0.5 s) finish before the reading.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var resident = Sample();
        var activations = await ActivationsAsync(service);
        Progress.Say($"memory, {agentCount:N0} agents: resident RSS {Format.MiB(resident.Rss)}, managed {Format.MiB(resident.Managed)} after {seedSeconds:0.0} s of seeding");

        // Every agent is resident here, the size at which a health check that called every agent would show.
        var health = await HealthProbe.MeasureAsync(service);
        return new MemoryFigures(agentCount, DevicesPerAgent, baseline, resident, seedSeconds, activations, emulator.WorkingSet, health);
    }

    private static MemorySample Sample()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), info.TotalCommittedBytes);
    }

    private static async Task<IReadOnlyDictionary<string, int>> ActivationsAsync(ServiceUnderTest service)
    {
        var statistics = await service.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
            .Where(g => g.Sum(s => s.ActivationCount) > 0)
            .OrderByDescending(g => g.Sum(s => s.ActivationCount))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }
}
