using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The service's side of <c>ingest</c>: the real host following the emulator with every agent watched; the prepared
/// script over the real loopback WebSocket; a subscriber on the tenant stream that times every publication.
/// </summary>
internal static class ServiceIngest
{
    private static readonly TimeSpan QuietBeforePacing = TimeSpan.FromSeconds(5);

    /// <param name="pacedRate">The paced run's rate in deltas/s; null: half the saturated rate.</param>
    public static async Task<ServiceIngestFigures> RunAsync(
        int agentCount, long deltas, TimeSpan pacedDuration, BenchStorage storage, double? pacedRate, BenchPlatform platform)
    {
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

        var script = IngestPlatform.Saturating(truths, deltas);
        Progress.Say($"service, {agentCount:N0} agents: seeded in {seedSeconds:0.0} s; {script.Count:N0} changes as fast as the service reads them");
        var saturated = await SaturateAsync(emulator, service, recorder, script, agentCount - 1);

        var pacedTarget = pacedRate ?? saturated.DeltasPerSecond / 2;
        var stepsPerSecond = pacedTarget / CallCycleScript.DeltasPerStep;
        Progress.Say($"service, {agentCount:N0} agents: {saturated.DeltasPerSecond:N0} deltas/s; paced run at {pacedTarget:N0} deltas/s for {pacedDuration.TotalSeconds:0} s");

        // The saturated run can leave publications queued (stream writes being written again): the paced run measures
        // the service at rest, not that backlog, so it starts once nothing has been published for longer than the
        // longest wait between two tries of a refused write (4 s, PublishRetry). At 2 s, a 10k run began its paced run
        // while such writes still waited, and they held their agents (raise p99 429 ms instead of 80–88 ms).
        await QuietCount.WaitAsync(() => recorder.Count, QuietBeforePacing, TimeSpan.FromMinutes(2));

        // As many agents as take one step a second each: every agent then waits a second between changes, longer than
        // the hold window, so its lowerings are published (and timed) rather than superseded.
        var cycling = truths.Take((int)Math.Clamp(Math.Round(stepsPerSecond), 1, agentCount - 1)).ToList();
        await using var lag = HistoryLagSampler.Start(service);
        var paced = await PaceAsync(
            emulator, recorder, CallCycleScript.Steps(cycling, (long)(stepsPerSecond * pacedDuration.TotalSeconds)), stepsPerSecond, pacedTarget)
            with { AgentsCycled = cycling.Count, SecondsBetweenChanges = cycling.Count / stepsPerSecond };

        var expected = emulator.Centre.Truth().Select(DesignComposite.Of).ToArray();
        await recorder.WaitForAsync(r => r.CountDiffering(a => expected[a]) == 0, TimeSpan.FromSeconds(30));
        var historyLag = await lag.StopAsync();
        var health = await service.Connector.GetHealthAsync();
        var timed = await HealthProbe.MeasureAsync(service);
        var log = service.Log;
        return new ServiceIngestFigures(
            saturated, paced, seedSeconds, health.Anomalies.Shed, recorder.CountDiffering(a => expected[a]), log.Errors, log.RefusedWrites,
            log.Count(ServiceLogEvents.ChannelSilent), log.Count(ServiceLogEvents.ChannelResumed), log.CallTimeouts, timed, historyLag,
            Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0);
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
        return new PacedFigures(target, deltas / seconds, deltas, DirectionalLatency.Of(recorder.From(from), levels), 0, 0);
    }
}
