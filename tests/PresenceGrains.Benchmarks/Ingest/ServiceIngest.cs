using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Grains.History;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The service's side of <c>ingest</c>: the real host following the emulator with every agent watched; the prepared
/// script over the real loopback WebSocket; a subscriber on the tenant stream that times every publication.
/// </summary>
internal static class ServiceIngest
{
    private static readonly TimeSpan QuietBeforePacing = TimeSpan.FromSeconds(5);

    /// <summary>Storage is settled below this many writing requests a second (an idle service makes none).</summary>
    private const int SettledWritesPerSecond = 25;

    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(5);

    /// <summary>How long the run waits, after the paced run, for every agent's last publication to equal the truth.</summary>
    public static readonly TimeSpan ConvergeLimit = TimeSpan.FromMinutes(3);

    /// <param name="pacedRate">The paced run's rate in deltas/s; null: half the saturated rate.</param>
    public static async Task<ServiceIngestFigures> RunAsync(
        int agentCount, long deltas, TimeSpan pacedDuration, BenchStorage storage, double? pacedRate, BenchPlatform platform)
    {
        using var requests = new StorageRequestCounter();
        await using var emulator = await IngestPlatform.StartAsync(agentCount, platform.Mode);
        var truths = emulator.Centre.Truth();
        var agents = new AgentDirectory(emulator.Centre.Agents);
        await using var service = await ServiceUnderTest.StartAsync(emulator, storage, new Dictionary<string, string?>
        {
            ["Presence:Platform:RestRequestsPerSecond"] = IngestPlatform.SeedingRestRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var recorder = await PublicationRecorder.SubscribeAsync(service.Client, ServiceUnderTest.Tenant, agents);

        var seeding = Stopwatch.StartNew();
        await service.WatchAsync(agents.Agents);
        await recorder.RequireAsync(
            r => r.LatestOfEach().All(p => p?.OffersCalls == true), TimeSpan.FromMinutes(5),
            () => $"every agent seeded from REST, available and routable (the channel went silent {service.Log.Count(ServiceLogEvents.ChannelSilent)} times meanwhile)");
        await service.WaitConnectedAsync(TimeSpan.FromMinutes(1));
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        var phases = new List<StoragePhase>();
        var afterSeeding = requests.Snapshot();
        phases.Add(Phase("seeding", new Dictionary<string, long>(), afterSeeding, seedSeconds));

        // Seeding leaves work behind on Azure Storage (a reminder registration for every device seen signed in, the
        // first write of every agent's state): the runs measure the service once that is done, and its length is reported.
        var settledAfterSeeding = await requests.WaitSettledAsync(SettledWritesPerSecond, SettleLimit);
        var afterSettling = requests.Snapshot();
        phases.Add(Phase("settling after seeding", afterSeeding, afterSettling, settledAfterSeeding.TotalSeconds));

        var script = IngestPlatform.Saturating(truths, deltas);
        Progress.Say($"service, {agentCount:N0} agents: seeded in {seedSeconds:0.0} s; {script.Count:N0} changes as fast as the service reads them");
        var saturated = await SaturateAsync(emulator, service, recorder, script, agentCount - 1);
        var afterSaturated = requests.Snapshot();
        phases.Add(Phase("saturated run", afterSettling, afterSaturated, saturated.Seconds));

        var pacedTarget = pacedRate ?? saturated.DeltasPerSecond / 2;
        var stepsPerSecond = pacedTarget / CallCycleScript.DeltasPerStep;
        Progress.Say($"service, {agentCount:N0} agents: {saturated.DeltasPerSecond:N0} deltas/s; paced run at {pacedTarget:N0} deltas/s for {pacedDuration.TotalSeconds:0} s");

        // The saturated run can leave publications queued (stream writes being written again): the paced run measures
        // the service at rest, not that backlog, so it starts once nothing has been published for longer than the
        // longest wait between two tries of a refused write (4 s, PublishRetry). At 2 s, a 10k run began its paced run
        // while such writes still waited, and they held their agents (raise p99 429 ms instead of 80–88 ms).
        var settling = Stopwatch.StartNew();
        await QuietCount.WaitAsync(() => recorder.Count, QuietBeforePacing, TimeSpan.FromMinutes(2));
        await requests.WaitSettledAsync(SettledWritesPerSecond, SettleLimit);
        await HistoryDrainedAsync(service);
        var settledBeforePaced = settling.Elapsed.TotalSeconds;
        var beforePaced = requests.Snapshot();
        phases.Add(Phase("settling after the saturated run", afterSaturated, beforePaced, settledBeforePaced));

        // As many agents as take one step a second each: every agent then waits a second between changes, longer than
        // the hold window, so its lowerings are published (and timed) rather than superseded.
        var cycling = truths.Take((int)Math.Clamp(Math.Round(stepsPerSecond), 1, agentCount - 1)).ToList();
        await using var lag = HistoryLagSampler.Start(service);
        var paced = await PaceAsync(
            emulator, recorder, CallCycleScript.Steps(cycling, (long)(stepsPerSecond * pacedDuration.TotalSeconds)), stepsPerSecond, pacedTarget)
            with { AgentsCycled = cycling.Count, SecondsBetweenChanges = cycling.Count / stepsPerSecond };

        phases.Add(Phase("paced run", beforePaced, requests.Snapshot(), pacedDuration.TotalSeconds));
        var expected = emulator.Centre.Truth().Select(DesignComposite.Of).ToArray();
        // How long the last publications take to arrive tells a backlog (they all do, late) from a loss (some never do).
        var converging = Stopwatch.StartNew();
        var converged = await recorder.WaitForAsync(r => r.CountDiffering(a => expected[a]) == 0, ConvergeLimit);
        var convergedSeconds = converged ? converging.Elapsed.TotalSeconds : double.NaN;
        var historyLag = await lag.StopAsync();
        var health = await service.Connector.GetHealthAsync();
        var timed = await HealthProbe.MeasureAsync(service);
        var log = service.Log;
        return new ServiceIngestFigures(
            saturated, paced, seedSeconds, health.Anomalies.Shed, recorder.CountDiffering(a => expected[a]), convergedSeconds, log.Errors, log.RefusedWrites, recorder.Redelivered,
            log.Count(ServiceLogEvents.ChannelSilent), log.Count(ServiceLogEvents.ChannelResumed), log.CallTimeouts, timed, historyLag,
            Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0, new StorageFigures(settledAfterSeeding.TotalSeconds, settledBeforePaced, phases));
    }

    private static StoragePhase Phase(string phase, IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, double seconds)
    {
        var between = StorageRequestCounter.Between(before, after);
        var figures = new StoragePhase(phase, seconds, between.Sum(b => b.Count), string.Join(", ", between.Take(6).Select(b => $"{b.Kind} {b.Count:N0}")));
        if (figures.Requests > 0)
        {
            Progress.Say($"storage requests, {phase}: {figures.Requests:N0} in {seconds:0.0} s ({figures.PerSecond:N0}/s): {figures.Top}");
        }

        return figures;
    }

    /// <summary>Waits (bounded) until the history recorder holds nothing waiting to be stored.</summary>
    private static async Task HistoryDrainedAsync(ServiceUnderTest service)
    {
        var recorder = service.Grains.GetGrain<IHistoryRecorderGrain>(ServiceUnderTest.Tenant);
        var deadline = DateTime.UtcNow + SettleLimit;
        while ((await recorder.GetLagAsync()).Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Plays the script as fast as the sockets take it; done when the marker (its last change) is published.</summary>
    private static async Task<SaturatedFigures> SaturateAsync(
        EmulatorServer emulator, ServiceUnderTest service, PublicationRecorder recorder, List<ScriptedChange> script, int marked)
    {
        var reconnects = (await service.Connector.GetHealthAsync()).Reconnects;
        var levels = recorder.Levels();
        var from = recorder.Count;
        var logFrom = emulator.DeltaLog.Count;
        var started = DateTimeOffset.UtcNow;
        await emulator.Centre.PlayAsync(script);
        var deltas = emulator.DeltaLog.Count - logFrom;
        var marker = IngestPlatform.LastDelta(emulator);
        await recorder.RequireAsync(
            r => r.Latest(marked) is { State: AgentState.NotReady } p && p.LastUpdated >= marker.LastUpdated, TimeSpan.FromMinutes(10), "the end marker's publication");
        var seconds = (recorder.Latest(marked)!.Value.ReceivedAt - started).TotalSeconds;

        // Let the held lowerings of the last steps show before the window closes, so they are measured too.
        await Task.Delay(TimeSpan.FromSeconds(1));
        reconnects = (await service.Connector.GetHealthAsync()).Reconnects - reconnects;
        return new SaturatedFigures(deltas, seconds, DirectionalLatency.Of(recorder.From(from), levels), reconnects);
    }

    /// <summary>Plays the script at <paramref name="stepsPerSecond"/>, a few milliseconds' worth at a time.</summary>
    private static async Task<PacedFigures> PaceAsync(EmulatorServer emulator, PublicationRecorder recorder, List<ScriptedChange> script, double stepsPerSecond, double target)
    {
        var levels = recorder.Levels();
        var from = recorder.Count;
        var logFrom = emulator.DeltaLog.Count;
        var changes = script.ToArray();
        using var gc = GcPauses.Start();
        var clock = Stopwatch.StartNew();
        var played = 0;
        while (played < changes.Length)
        {
            var due = (int)Math.Min(changes.Length, clock.Elapsed.TotalSeconds * stepsPerSecond);
            if (due > played)
            {
                await emulator.Centre.PlayAsync(new ArraySegment<ScriptedChange>(changes, played, due - played));
                played = due;
            }
            else
            {
                await Task.Delay(1);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var deltas = emulator.DeltaLog.Count - logFrom;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return new PacedFigures(target, deltas / seconds, deltas, DirectionalLatency.Of(recorder.From(from), levels), 0, 0, gc.Stop());
    }
}
