using System.Diagnostics;
using System.Runtime;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Abstractions;
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
        var baselineReturned = Sample(returnFreeMemory: true);
        Progress.Say($"memory, {agentCount:N0} agents: baseline RSS {Format.MiB(baseline.Rss)}, managed {Format.MiB(baseline.Managed)}; watching every agent");

        var seeding = Stopwatch.StartNew();
        await service.WatchAsync(agents);

        // Azurite is one Node.js thread serving every table operation of the seeding (state, reminders, history): at
        // 100,000 agents it takes far longer than memory storage, and the run says how far it got meanwhile.
        await WaitConnectedAsync(service, agentCount, storage.IsAzurite ? TimeSpan.FromMinutes(45) : TimeSpan.FromMinutes(10));
        var seedSeconds = seeding.Elapsed.TotalSeconds;

        // Coalesced state writes (1 s) and routability holds (0.5 s) finish before the reading, and so do the device
        // grains' TTL reminder writes: a device deactivates once its reminder is written, so one still resident is a
        // write in progress, not what the service holds for a device.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var devicesSettled = await WaitDevicesSettledAsync(service, agentCount, storage.IsAzurite ? TimeSpan.FromMinutes(25) : TimeSpan.FromMinutes(10));
        var resident = Sample();
        var activations = await TryActivationsAsync(service) ?? new Dictionary<string, int>();
        Progress.Say($"memory, {agentCount:N0} agents: resident RSS {Format.MiB(resident.Rss)}, managed {Format.MiB(resident.Managed)} after {seedSeconds:0.0} s of seeding");

        // Every agent is resident here, the size at which a health check that called every agent would show.
        var health = await HealthProbe.MeasureAsync(service);
        var stayed = await StayConnectedAsync(service, agentCount);

        // A minute on, the GC has had time to let go of some of what seeding's garbage left committed, on its own.
        var settled = Sample();
        var returned = Sample(returnFreeMemory: true);
        Progress.Say($"memory, {agentCount:N0} agents: a minute later RSS {Format.MiB(settled.Rss)}; with the GC's free memory given back {Format.MiB(returned.Rss)}");
        return new MemoryFigures(agentCount, DevicesPerAgent, baseline, resident, seedSeconds, activations, emulator.WorkingSet, health)
        {
            DevicesSettledSeconds = devicesSettled,
            Connection = stayed,
            BaselineReturned = baselineReturned,
            ResidentReturned = returned,
            ResidentSettled = settled,
        };
    }

    private static async Task WaitConnectedAsync(ServiceUnderTest service, int agentCount, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromMinutes(1);
        while ((await service.Connector.GetHealthAsync()).Connection != ChannelConnection.Connected)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The connector did not connect within {timeout} ({await AgentActivationsAsync(service)} of {agentCount:N0} agents active).");
            }

            if (waited.Elapsed > nextReport)
            {
                nextReport += TimeSpan.FromMinutes(1);
                Progress.Say($"memory, {agentCount:N0} agents: seeding for {waited.Elapsed.TotalMinutes:0} min, {await AgentActivationsAsync(service)} agents active");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Seconds until at most 1 % of the agents' device grains are still active. Bounded: 10 minutes, 25 on Azurite, whose
    /// one Node.js thread writes the 300,000 TTL reminders of a 100,000-agent centre at a few hundred a second.
    /// </summary>
    private static async Task<double> WaitDevicesSettledAsync(ServiceUnderTest service, int agentCount, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromMinutes(1);
        while (waited.Elapsed < bound)
        {
            var devices = (await TryActivationsAsync(service))?.GetValueOrDefault("DeviceGrain");
            if (devices <= agentCount / 100)
            {
                return waited.Elapsed.TotalSeconds;
            }

            if (waited.Elapsed > nextReport)
            {
                nextReport += TimeSpan.FromMinutes(1);
                Progress.Say($"memory, {agentCount:N0} agents: waiting for device reminders for {waited.Elapsed.TotalMinutes:0} min, {(devices is { } d ? $"{d:N0} device grains active" : "activations not counted")}");
            }

            await Task.Delay(1000);
        }

        Progress.Say($"memory, {agentCount:N0} agents: device grains still active after {bound.TotalMinutes:0} minutes; reading anyway");
        return waited.Elapsed.TotalSeconds;
    }

    /// <summary>The channel read every 250 ms for a minute after the reading: it must stay connected with every agent resident.</summary>
    private static async Task<ConnectionWatch> StayConnectedAsync(ServiceUnderTest service, int agentCount)
    {
        var watch = Stopwatch.StartNew();
        int readings = 0, notConnected = 0;
        while (watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            readings++;
            if ((await service.Connector.GetHealthAsync()).Connection != ChannelConnection.Connected)
            {
                notConnected++;
            }

            await Task.Delay(250);
        }

        Progress.Say($"memory, {agentCount:N0} agents: channel not connected in {notConnected} of {readings} readings over the minute after");
        return new ConnectionWatch(watch.Elapsed.TotalSeconds, readings, notConnected);
    }

    private static async Task<string> AgentActivationsAsync(ServiceUnderTest service) =>
        (await TryActivationsAsync(service))?.GetValueOrDefault("AgentGrain").ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "uncounted";

    /// <param name="returnFreeMemory">
    /// Also give back to the system what the GC keeps committed for reuse (<see cref="GCCollectionMode.Aggressive"/>): the
    /// process's footprint for what it holds, where the ordinary reading also holds what seeding's garbage left committed.
    /// </param>
    private static MemorySample Sample(bool returnFreeMemory = false)
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, returnFreeMemory ? GCCollectionMode.Aggressive : GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), info.TotalCommittedBytes);
    }

    /// <summary>
    /// Activation counts by grain type, or null when the management grain did not answer. At 100,000 agents on Azurite
    /// its walk of every activation outlasted the 30 s call timeout, three times in a row, while 300,000 device grains
    /// wrote their reminders (2026-12-05 06:20 and 11:03): a count that cannot be had is reported as such rather than
    /// ending the run.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, int>?> TryActivationsAsync(ServiceUnderTest service)
    {
        try
        {
            return await CountActivationsAsync(service);
        }
        catch (TimeoutException)
        {
            Progress.Say("memory: counting activations timed out; asking again later");
            return null;
        }
    }

    private static async Task<IReadOnlyDictionary<string, int>> CountActivationsAsync(ServiceUnderTest service)
    {
        var statistics = await service.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
            .Where(g => g.Sum(s => s.ActivationCount) > 0)
            .OrderByDescending(g => g.Sum(s => s.ActivationCount))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }
}
