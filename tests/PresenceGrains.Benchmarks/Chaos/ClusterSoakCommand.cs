using System.Diagnostics;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// <c>chaos-soak [--minutes 20] [--agents 2000] [--silos 3] [--out DIR]</c>: the accuracy soak on a cluster of host
/// processes (tools/cluster.sh, Azurite membership): every emulator fault in turn and a silo killed every 5 minutes,
/// the published presence read against the truth throughout; a report with a chart over time.
/// </summary>
internal static class ClusterSoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--agents", "--silos", "--minutes");
        var agents = (int)options.Number("--agents", options.Smoke ? 200 : 2_000);
        var silos = (int)options.Number("--silos", 3);
        var minutes = options.Number("--minutes", options.Smoke ? 2 : 20);
        var report = BenchmarkReport.For("chaos-soak", "Cluster soak: every fault in turn and a silo killed every 5 minutes, against the truth", args);
        Progress.Say($"chaos-soak: starting {silos} hosts, Azurite and the emulator ({agents:N0} agents × {ChaosCluster.DevicesPerAgent} devices) for {minutes} min");
        var up = Stopwatch.StartNew();
        await using var cluster = await ChaosCluster.StartAsync(silos, agents);
        var clients = await ChaosCluster.ClientsAsync(cluster);

        var settle = await new ChaosRun(cluster, clients).SettleAsync(TimeSpan.FromMinutes(4));
        Progress.Say($"chaos-soak: cluster up after {up.Elapsed.TotalSeconds:0.0} s (settled: {(double.IsNaN(settle.Seconds) ? "no" : "yes")})");
        var soak = new ClusterSoakRun(cluster, clients);
        await soak.RunAsync(TimeSpan.FromMinutes(minutes));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        Write(report, options.ReportFolder, soak, agents, silos, minutes);
        ReportWriter.Write(report, options.ReportFolder);
        return soak.Crashes == 0 ? 0 : 1;
    }

    private static void Write(BenchmarkReport report, string folder, ClusterSoakRun soak, int agents, int silos, double minutes)
    {
        var answered = soak.Readings.Where(r => r.Answered && r.Agents > 0).ToList();
        var kills = soak.Events.Where(e => e.What.StartsWith("kill", StringComparison.Ordinal)).Select(e => e.Minute).ToList();
        bool AfterKill(SoakReading r) => kills.Any(k => r.Minute >= k && r.Minute < k + 1);
        double Agreement(SoakReading r) => 100.0 * (r.Agents - r.Wrong) / r.Agents;
        var step = ClusterSoakRun.ReadEvery.TotalMilliseconds;
        var falseAvailable = answered.Sum(r => r.FalseRoutable * step);
        var calm = answered.Where(r => !AfterKill(r)).ToList();
        report.Headline("false-Available beyond the 1 s delivery grace (agent-ms, whole soak)", Format.Number(falseAvailable, "0"), "0", falseAvailable == 0);
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
        report.Notes.Add("Not measured here: transitions lost and convergence p99 (they need the emulator's delta log replayed against every publication, as the one-process `soak` does).");
    }
}
