using System.Globalization;
using System.Text.Json;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Memory;

/// <summary>
/// <c>memory [--agents 10000,100000] [--smoke] [--out DIR]</c>: resident memory per 1,000 agents with three devices
/// each. Each agent count is measured in a fresh process (<c>memory-once</c>), so that one count's freed memory does
/// not flatter the next.
/// </summary>
internal static class MemoryCommand
{
    public const string OnceCommand = "memory-once";
    private const double TargetBytesPerAgent = 10 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--agents", "--storage");
        var storage = BenchStorage.Parse(options);
        var smoke = options.Smoke;
        var counts = options.Numbers("--agents", smoke ? [500] : [10_000, 100_000]);
        var report = BenchmarkReport.For(storage.ReportName("memory"), storage.Title("Memory: resident agents with three devices each"), args, subcommand: "memory");

        var figures = new List<MemoryFigures>();
        foreach (var agents in counts)
        {
            var result = Path.Combine(Path.GetTempPath(), $"presencegrains-memory-{Guid.NewGuid():N}.json");
            var exit = await ChildProcess.RunSelfAsync(
                [OnceCommand, "--agents", agents.ToString(CultureInfo.InvariantCulture), "--result", result, "--storage", storage.IsAzurite ? "azurite" : "memory"]);
            if (exit != 0 || !File.Exists(result))
            {
                Console.Error.WriteLine($"memory: the run with {agents:N0} agents failed (exit code {exit}).");
                return 1;
            }

            figures.Add(JsonSerializer.Deserialize<MemoryFigures>(await File.ReadAllTextAsync(result))!);
            File.Delete(result);
        }

        Describe(report, figures, storage);
        var folder = options.ReportFolder;
        Charts.Bars(report, folder, "per-agent", "Memory per resident agent (3 devices each) as agents grow", "KiB per agent",
            [.. figures.Select(f => $"{Format.Count(f.Agents)} agents")],
            [
                ("process RSS", [.. figures.Select(f => f.RssPerAgent / 1024)]),
                ("process RSS, the GC's free memory given back", [.. figures.Select(f => (f.ReturnedRssPerAgent ?? 0) / 1024)]),
                ("managed heap (live)", [.. figures.Select(f => f.ManagedPerAgent / 1024)]),
            ],
            v => Format.Number(v, "0.0"));
        report.Figures = figures;
        ReportWriter.Write(report, folder);
        return 0;
    }

    /// <summary>The child: measures one agent count and writes its figures to <c>--result</c>.</summary>
    public static async Task<int> RunOnceAsync(string[] args)
    {
        var options = new CommandArguments(args, ["--agents", "--result", "--storage"]);
        var agents = options.Numbers("--agents", [1_000])[0];
        var result = options.Text("--result") ?? throw new UsageException("--result is required.");
        var figures = await MemoryProbe.MeasureAsync(agents, BenchStorage.Parse(options));
        await File.WriteAllTextAsync(result, JsonSerializer.Serialize(figures));
        return 0;
    }

    private static void Describe(BenchmarkReport report, IReadOnlyList<MemoryFigures> figures, BenchStorage storage)
    {
        foreach (var f in figures)
        {
            var targeted = f.Agents == 100_000;
            report.Headline($"RSS per resident agent with 3 devices, {Format.Count(f.Agents)} agents", Format.KiB(f.RssPerAgent),
                targeted ? "≤ 10 KiB" : "–", targeted ? f.RssPerAgent <= TargetBytesPerAgent : null);
            if (f.SettledRssPerAgent is { } settled)
            {
                report.Headline($"RSS per resident agent with 3 devices, {Format.Count(f.Agents)} agents, a minute later",
                    Format.KiB(settled), targeted ? "≤ 10 KiB" : "–", targeted ? settled <= TargetBytesPerAgent : null);
            }

            if (f.ReturnedRssPerAgent is { } returned)
            {
                report.Headline($"RSS per resident agent with 3 devices, {Format.Count(f.Agents)} agents, the GC's free memory given back in both readings",
                    Format.KiB(returned), targeted ? "≤ 10 KiB" : "–", targeted ? returned <= TargetBytesPerAgent : null);
            }

            report.Headline($"health and readiness, slowest of 20, {Format.Count(f.Agents)} agents resident", Format.Ms(f.Health.Slowest), "≤ 50 ms",
                f.Health.MeetsTarget);
            report.Headline($"seeding from REST until the channel is connected, {Format.Count(f.Agents)} agents", $"{f.SeedSeconds:0.0} s", "–", null);
            if (f.Connection is { } c)
            {
                report.Headline($"channel connected throughout the minute after, {Format.Count(f.Agents)} agents resident",
                    c.NotConnected == 0 ? "yes" : $"no ({Format.Count(c.NotConnected)} of {Format.Count(c.Readings)} readings)", "yes", c.NotConnected == 0);
            }
        }

        var table = report.Table("Memory per resident agent (after a forced compacting GC, minus the baseline before the watch)",
            "agents", "RSS / 1,000 agents", "managed / 1,000 agents", "GC committed / 1,000 agents", "RSS / agent", "target ≤ 10 KiB RSS / agent at 100k",
            "RSS / agent a minute later", "RSS / agent, the GC's free memory given back",
            "seeding", "device reminders written after", "channel not connected in the minute after (readings)", "GET /channel p50 / max", "readiness p50 / max", "grain activations");
        foreach (var f in figures)
        {
            table.Add([
                Format.Count(f.Agents), Format.MiB(f.RssPerAgent * 1000), Format.MiB(f.ManagedPerAgent * 1000), Format.MiB(f.CommittedPerAgent * 1000),
                Format.KiB(f.RssPerAgent), f.Agents == 100_000 ? Format.Verdict(f.RssPerAgent <= TargetBytesPerAgent) : "–",
                f.SettledRssPerAgent is { } settled ? Format.KiB(settled) : "–", f.ReturnedRssPerAgent is { } returned ? Format.KiB(returned) : "–",
                $"{f.SeedSeconds:0.0} s", $"{f.DevicesSettledSeconds:0.0} s",
                f.Connection is { } c ? $"{Format.Count(c.NotConnected)} of {Format.Count(c.Readings)}" : "–", $"{Format.Ms(f.Health.ChannelP50)} / {Format.Ms(f.Health.ChannelMax)}",
                $"{Format.Ms(f.Health.ReadyP50)} / {Format.Ms(f.Health.ReadyMax)}", f.Activations.Count == 0 ? "not counted (the management grain timed out)" : string.Join(", ", f.Activations.Take(4).Select(a => $"{a.Key} {Format.Count(a.Value)}")),
            ]);
        }

        var raw = report.Table("Readings", "agents", "baseline RSS", "resident RSS", "resident RSS a minute later", "baseline managed", "resident managed",
            "baseline / resident RSS, the GC's free memory given back", "emulator process RSS (not counted)");
        foreach (var f in figures)
        {
            raw.Add([Format.Count(f.Agents), Format.MiB(f.Baseline.Rss), Format.MiB(f.Resident.Rss), f.ResidentSettled is { } s ? Format.MiB(s.Rss) : "–", Format.MiB(f.Baseline.Managed),
                Format.MiB(f.Resident.Managed),
                f.BaselineReturned is { } b && f.ResidentReturned is { } r ? $"{Format.MiB(b.Rss)} / {Format.MiB(r.Rss)}" : "–", Format.MiB(f.EmulatorRss)]);
        }

        report.Notes.Add("Each agent count runs in a fresh process of this benchmark. The emulator runs in a process of its own (its own Program), logs every agent " +
            "in on a softphone, a mobile and a desk phone (`Simulation:DevicesPerAgent = 3`), then stops its simulation. The service (" +
            (storage.IsAzurite ? "Azure Table state, reminders and history and history's Azure Queue stream on Azurite, started by the benchmark on loopback" : "memory storage, the embedded default's providers") +
            ") takes its baseline with the silo up and nothing watched, then watches every agent: the connector snapshots them " +
            "from REST (1,000 calls/s allowed for set-up), which activates every agent grain and, through the snapshot's device confirmations, every device " +
            "grain with state. Once the channel is connected (seeding: every agent snapshotted), writes have settled and the device grains have written their TTL reminders " +
            "(a device grain deactivates once its reminder is written: one still active is a write in progress), it reads again, then reads the channel every 250 ms " +
            "for a minute: it must stay connected with every agent resident.");
        report.Notes.Add("What is counted: agent and device grains with their state, Orleans' activation bookkeeping, the connector's watch set and subscription, " +
            "the tenant directory's latest publication of every agent, the history of the seeding publications" +
            (storage.IsAzurite ? " (on Azurite, in its own process: not counted)." : ", and — because storage is in memory — the stored copy of every grain's state.") + " Server GC (as the host runs); RSS also holds memory the GC keeps committed for reuse. " +
            "The resident reading is taken three ways: after a forced compacting collection right after seeding (the GC keeps its free regions committed, sized by how much garbage the seeding made); " +
            "the same a minute later, after the minute the channel is watched, the GC left to itself meanwhile (what a host that has settled holds); " +
            "and then after an aggressive one (`GCCollectionMode.Aggressive`), which gives that free memory back: what the process holds for the agents themselves. The baseline is read the first and the last way. " +
            "A loaded host gives it back on its own only gradually, or when a container's memory limit presses.");
    }
}
