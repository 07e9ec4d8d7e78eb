using System.Diagnostics;
using System.Net.Http.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Benchmarks.Soak;
using PresenceGrains.Client;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// <c>chaos-soak [--minutes 20] [--agents 2000] [--silos 3] [--out DIR]</c>: the accuracy soak on a cluster of host
/// processes (tools/cluster.sh, Azurite membership): every emulator fault in turn and a silo killed every 5 minutes,
/// the published presence read against the truth throughout; a report with a chart over time.
/// </summary>
internal static class ClusterSoakCommand
{
    // The truth is read from the emulator's delta log every 100 ms; this much room rides out a read stalled for minutes.
    private const int TruthLogCapacity = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--agents", "--silos", "--minutes");
        var agents = (int)options.Number("--agents", options.Smoke ? 200 : 2_000);
        var silos = (int)options.Number("--silos", 3);
        var minutes = options.Number("--minutes", options.Smoke ? 2 : 20);
        var report = BenchmarkReport.For("chaos-soak", "Cluster soak: every fault in turn and a silo killed every 5 minutes, against the truth", args);
        Progress.Say($"chaos-soak: starting {silos} hosts, Azurite and the emulator ({agents:N0} agents × {ChaosCluster.DevicesPerAgent} devices) for {minutes} min");
        var up = Stopwatch.StartNew();
        await using var cluster = await ChaosCluster.StartAsync(silos, agents, TruthLogCapacity);
        var clients = await ChaosCluster.ClientsAsync(cluster);

        var settle = await new ChaosRun(cluster, clients).SettleAsync(TimeSpan.FromMinutes(4));
        Progress.Say($"chaos-soak: cluster up after {up.Elapsed.TotalSeconds:0.0} s (settled: {(double.IsNaN(settle.Seconds) ? "no" : "yes")})");
        // A router's view and the truth, both followed from before the first fault to after the last.
        var directory = new AgentDirectory((await cluster.Emulator.GetFromJsonAsync<List<AgentInfo>>("emulator/agents", ApiJson.Options))!);
        var router = await RouterTimeline.StartAsync(cluster, directory, TenantOptions.DemoTenantId);
        var truth = await TruthRecorder.StartAsync(cluster.Emulator, directory, DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var following = truth.FollowAsync(stop.Token);

        var soak = new ClusterSoakRun(cluster, clients);
        await soak.RunAsync(TimeSpan.FromMinutes(minutes));
        await stop.CancelAsync();
        await following;
        await router.DisposeAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var timeline = Score(directory, truth, router, soak.Windows);
        Write(report, options.ReportFolder, soak, timeline, agents, silos, minutes);
        ReportWriter.Write(report, options.ReportFolder);
        return soak.Crashes == 0 ? 0 : 1;
    }

    /// <summary>The router's timeline of every agent against its truth, window by window (the one-process soak's scorer).</summary>
    private static TimelineFigures Score(AgentDirectory agents, TruthRecorder truth, RouterTimeline router, IReadOnlyList<SoakWindow> windows)
    {
        var start = windows[0].From;
        var byAgent = router.Shown().GroupBy(p => p.Agent).ToDictionary(g => g.Key, g => g.ToList());
        var scorer = new SoakScorer(windows);
        var unseen = 0;
        for (var agent = 0; agent < agents.Count; agent++)
        {
            if (!byAgent.TryGetValue(agent, out var publications))
            {
                unseen++;
                continue;
            }

            // What the router held when the soak began, then each change as it arrived.
            var first = publications.LastOrDefault(p => p.ReceivedAt <= start, publications[0]);
            List<SoakScorer.Shown> shown = [new(start, first.State, first.OffersCalls, first.Freshness == Freshness.Fresh)];
            shown.AddRange(publications.Where(p => p.ReceivedAt > start).Select(p => new SoakScorer.Shown(p.ReceivedAt, p.State, p.OffersCalls, p.Freshness == Freshness.Fresh)));
            scorer.Add(agents.Agents[agent].AgentId, truth.Transitions[agent], shown);
        }

        return new TimelineFigures(scorer.Scores(), truth.Transitions.Sum(t => t.Count - 1), byAgent.Values.Sum(p => p.Count), unseen, router.Gaps, router.FailedRereads, router.GatewayLosses, router.Repaired);
    }

    private static void Write(BenchmarkReport report, string folder, ClusterSoakRun soak, TimelineFigures timeline, int agents, int silos, double minutes)
    {
        var whole = timeline.Scores[^1];
        report.Headline("false Available beyond the 1 s delivery grace, as a router was shown it (agent-ms, whole soak)",
            Format.Number(whole.FalseAvailableBeyondGraceMs, "N0"), "0", whole.FalseAvailableBeyondGraceMs == 0);
        report.Headline("truth states lost while the channel was up (lasted ≥ 1.5 s, never shown while true)", Format.Count(whole.Lost), "0", whole.Lost == 0);
        report.Headline("truth states wholly inside a channel outage (Reconnecting shown, then the snapshot's state)", Format.Count(whole.LostInOutage), "–", null);
        report.Headline("convergence p99, changes made while the channel was up", Format.Ms(whole.ConvergenceWhileUp.P99), "≤ 1 s", whole.ConvergenceWhileUp.P99 <= 1000);
        report.Headline("convergence p99, every change (outages and silo losses included)", Format.Ms(whole.Convergence.P99), "–", null);

        var answered = soak.Readings.Where(r => r.Answered && r.Agents > 0).ToList();
        var kills = soak.Events.Where(e => e.What.StartsWith("kill", StringComparison.Ordinal)).Select(e => e.Minute).ToList();
        bool AfterKill(SoakReading r) => kills.Any(k => r.Minute >= k && r.Minute < k + 1);
        double Agreement(SoakReading r) => 100.0 * (r.Agents - r.Wrong) / r.Agents;
        var step = ClusterSoakRun.ReadEvery.TotalMilliseconds;
        var falseAvailable = answered.Sum(r => r.FalseRoutable * step);
        var calm = answered.Where(r => !AfterKill(r)).ToList();
        report.Headline("false-Available in the 2 s reads (agents shown routable while engaged × 2 s, agent-ms)", Format.Number(falseAvailable, "N0"), "–", null);
        report.Headline("agreement with the truth, mean of reads (whole soak)", $"{answered.Select(Agreement).DefaultIfEmpty(0).Average():0.00} %", "–", null);
        report.Headline("agreement with the truth, worst read outside the minute after a kill", $"{calm.Select(Agreement).DefaultIfEmpty(0).Min():0.00} %", "–", null);
        report.Headline("host processes crashed (exited without being killed)", Format.Count(soak.Crashes), "0", soak.Crashes == 0);

        var table = report.Table("By fault (each minute one fault; reads every 2 s from a running host)",
            "fault", "reads", "unanswered", "agreement mean", "worst", "false Offline reads", "false-Available agent-ms", "channel connected");
        foreach (var group in soak.Readings.GroupBy(r => r.Fault))
        {
            var ok = group.Where(r => r.Answered && r.Agents > 0).ToList();
            table.Add([group.Key, Format.Count(group.Count()), Format.Count(group.Count(r => !r.Answered)),
                ok.Count == 0 ? "–" : $"{ok.Average(Agreement):0.00} %", ok.Count == 0 ? "–" : $"{ok.Min(Agreement):0.00} %",
                Format.Count(ok.Sum(r => r.FalseOffline)), Format.Number(ok.Sum(r => r.FalseRoutable * step), "0"),
                $"{100.0 * group.Count(r => r.Connected) / group.Count():0} % of reads"]);
        }

        SoakScoreTable.Add(report, "By fault, as a router was shown it (each row: the truth changes that began during that fault's turn)", timeline.Scores);

        var events = report.Table("Silo events", "minute", "event");
        foreach (var e in soak.Events)
        {
            events.Add([$"{e.Minute:0.0}", e.What]);
        }

        Charts.Timeline(report, folder, "timeline", "Agreement with the truth and channel state over the soak",
            [
                ("agents equal to the truth (%)", answered.Select(r => (r.Minute, Agreement(r))).ToList()),
                ("channel connected (100) or not (0)", soak.Readings.Select(r => (r.Minute, r.Connected ? 100.0 : 0.0)).ToList()),
            ],
            [.. soak.Events.Select(e => (e.Minute, e.What))]);

        report.Notes.Add($"The cluster: `tools/cluster.sh up {silos}` with {Format.Count(agents)} simulated agents × {ChaosCluster.DevicesPerAgent} devices at the emulator's default pace, " +
            $"Azurite in memory, Azure Table membership; {minutes:0} minutes; a fault a minute in turn (the instant ones, a socket drop and a token expiry, once at the start of their minute); " +
            $"`kill -9` of hosts 1, 2, 3, … in turn every {ClusterSoakRun.KillEvery.TotalMinutes:0} minutes from minute {ClusterSoakRun.KillEvery.TotalMinutes / 2:0.0}, started again {ClusterSoakRun.DownFor.TotalSeconds:0} s later.");
        report.Notes.Add("A read: the channel and every agent from a running host's HTTP API, then the emulator's truth; an agent is judged only when its truth has not changed for the 1 s delivery grace. " +
            "Agreement is the share of agents equal to the truth in a read (unjudged agents count as equal); false-Available agent-ms is each read's agents shown routable while the truth is engaged, times the 2 s between reads.");
        report.Notes.Add($"The router's timeline: an Orleans client in the benchmark's process, set up with `AddPresenceClient` on the cluster's membership table as a " +
            $"router would be, following the tenant's changes ({Format.Count(timeline.Shown)} kept, each agent's highest sequence). When the feed said changes may have been missed " +
            $"(its gateway's silo died: {timeline.Gaps} times) it re-read every agent ({timeline.FailedRereads} re-reads failed and waited for the next), and what it read counts " +
            $"as shown from then. After each gateway lost while others answered ({timeline.GatewayLosses} times) the feed read the tenant's directory every " +
            $"{new PresenceClientOptions().FeedRepairPeriod.TotalSeconds:0} s for {new PresenceClientOptions().FeedRepairWindow.TotalSeconds:0} s and delivered " +
            $"{Format.Count((int)timeline.Repaired)} changes the stream had not brought. Truth: the emulator's delta log ({Format.Count(timeline.TruthTransitions)} transitions of the design composite), read over its control API " +
            "and replayed source by source from a snapshot, as the one-process `soak` does; the same scorer judges both" +
            (timeline.Unseen > 0 ? $"; {timeline.Unseen} agents were never shown to the router and are not judged." : "."));
        foreach (var example in whole.LostExamples.Concat(whole.FalseAvailableExamples))
        {
            report.Notes.Add("Example: " + example);
        }
    }
}
