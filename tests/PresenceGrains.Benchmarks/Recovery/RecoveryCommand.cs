using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Recovery;

/// <summary>
/// <c>recovery [--agents 1000,10000] [--storage memory|azurite] [--platform seed|genesys] [--smoke] [--out DIR]</c>: after a socket drop, how long until every watched agent
/// is Fresh and equal to the truth again, at the service's default REST pace and at the platform's limit.
/// </summary>
internal static class RecoveryCommand
{
    /// <summary>The service's own default pace (PlatformOptions.RestRequestsPerSecond) and the emulator's default limit.</summary>
    private static readonly double[] Paces = [10, 100];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--agents", "--storage", "--platform");
        var storage = BenchStorage.Parse(options);
        var platform = BenchPlatform.Parse(options);
        var smoke = options.Smoke;
        var counts = options.Numbers("--agents", smoke ? [200] : [1_000, 10_000]);
        var report = BenchmarkReport.For(
            storage.ReportName(platform.ReportName("recovery")),
            storage.Title(platform.Title("Recovery: a socket drop with every agent watched, until all are Fresh and true again")),
            args,
            subcommand: "recovery");

        var figures = new List<RecoveryFigures>();
        foreach (var agents in counts)
        {
            foreach (var pace in Paces)
            {
                figures.Add(await RecoveryRun.RunAsync(agents, pace, storage, platform));
                Progress.Say($"recovery, {agents:N0} agents at {pace} REST calls/s: all Fresh and true after {figures[^1].AllFreshSeconds:0.0} s");
            }
        }

        var table = report.Table("Seconds after the drop",
            "agents", "REST pace (service / platform limit)", "agents changed while down", "all show Reconnecting", "all Fresh and equal to the truth",
            "all available ones routable", "connector Connected", "corrections sent", "last correction", "not recovered");
        foreach (var f in figures)
        {
            report.Headline($"socket drop → all Fresh and true, {Format.Count(f.Agents)} agents at {f.ClientRestRate:0} REST calls/s", Seconds(f.AllFreshSeconds), "–", null);
            table.Add([Format.Count(f.Agents), $"{f.ClientRestRate:0}/s / {f.PlatformRestRate:0}/s", Format.Count(f.ChangedWhileAway),
                Seconds(f.ReconnectingShownSeconds), Seconds(f.AllFreshSeconds), Seconds(f.AllRoutableSeconds), Seconds(f.ConnectedSeconds),
                Format.Count(f.Corrections), Seconds(f.CorrectionsSeconds), Format.Count(f.NotRecovered)]);
        }

        report.Notes.Add("Each row: a fresh emulator (agents on three devices, signed in, then the simulation stopped so that the truth is exact) and a fresh " +
            "service watching every agent. Every socket is dropped without a close handshake while a tenth of the agents change their declared state " +
            "(the emulator's `changes-while-disconnected`), so only the REST snapshot can tell the service. The first reconnect comes after the backoff's " +
            "first step (1 s ± 10 %).");
        report.Notes.Add("The limit: the emulator allows 100 REST calls/s per client (burst 200; `RestRateLimit`); a bulk snapshot reads 50 agents per call, 4 " +
            "calls in flight. The service paces itself at `Presence:Platform:RestRequestsPerSecond`: its default, 10/s, and the platform's 100/s. " +
            "Corrections are one call per changed agent, on the same pace, sent beside the live deltas: the row waits until none has come for 5 s.");
        if (platform.IsGenesys)
        {
            report.Notes.Add("Platform: Genesys Cloud (`--platform genesys`): the emulator's Genesys mode and the service's Genesys adapter. A snapshot " +
                "there is `GET /api/v2/users?id=…&expand=…`, 100 agents per call; the drop closes every channel's socket and the adapter opens a new " +
                "channel per shard. Genesys has no presence-correction API, so no corrections are sent (the column stays 0).");
        }

        var folder = options.ReportFolder;
        Charts.Bars(report, folder, "time", "Socket drop → every agent Fresh and equal to the truth", "seconds",
            [.. counts.Select(c => $"{Format.Count(c)} agents")],
            [.. Paces.Select(p => ($"{p:0} REST calls/s", (IReadOnlyList<double>)[.. figures.Where(f => f.ClientRestRate == p).Select(f => f.AllFreshSeconds)]))],
            v => Format.Number(v, "0.0") + " s");
        report.Figures = figures;
        ReportWriter.Write(report, folder);
        return figures.All(f => f.NotRecovered == 0) ? 0 : 1;
    }

    private static string Seconds(double seconds) => double.IsNaN(seconds) ? "–" : Format.Number(seconds, "0.0") + " s";
}
