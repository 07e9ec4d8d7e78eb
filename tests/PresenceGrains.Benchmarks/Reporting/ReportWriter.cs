using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>
/// Writes a report as <c>{name}.json</c> and <c>{name}.md</c> into the report folder, prints it, and rebuilds the
/// folder's <c>README.md</c> from the latest Markdown of every benchmark.
/// </summary>
public static class ReportWriter
{
    /// <summary>The order benchmarks appear in the README; others follow by name.</summary>
    private static readonly string[] Order = ["ingest", "memory", "soak", "recovery", "client", "chaos"];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(BenchmarkReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var finishedAt = DateTimeOffset.UtcNow;
        var loadAtEnd = MachineInfo.CurrentLoad();
        foreach (var table in report.Tables)
        {
            Console.WriteLine(table.ToText());
        }

        var json = new
        {
            benchmark = report.Name,
            title = report.Title,
            command = report.Command,
            startedAt = report.StartedAt,
            finishedAt,
            machine = report.Machine,
            loadAverageAtEnd = loadAtEnd,
            headlines = report.Headlines,
            figures = report.Figures,
            tables = report.Tables.Select(t => new { title = t.Title, headers = t.Headers, rows = t.Rows }),
            notes = report.Notes,
            charts = report.Charts.Select(c => new { file = c.File, caption = c.Caption }),
        };
        File.WriteAllText(Path.Combine(folder, report.Name + ".json"), JsonSerializer.Serialize(json, Json));
        File.WriteAllText(Path.Combine(folder, report.Name + ".md"), Markdown(report, finishedAt, loadAtEnd));
        RewriteReadme(folder);
        Console.WriteLine($"report: {Path.Combine(folder, report.Name + ".md")}");
    }

    /// <summary>Rebuilds the folder's README from the reports in it (the <c>readme</c> subcommand, after a hand edit of the README's generator).</summary>
    public static void RewriteReadme(string folder) => File.WriteAllText(Path.Combine(folder, "README.md"), Readme(folder));

    private static string Markdown(BenchmarkReport report, DateTimeOffset finishedAt, string loadAtEnd)
    {
        var text = new StringBuilder();
        text.Append("## ").AppendLine(report.Title).AppendLine();
        text.AppendLine("```bash").AppendLine(report.Command).AppendLine("```").AppendLine();
        text.AppendLine($"Ran {report.StartedAt:yyyy-MM-dd HH:mm} UTC for {Format.Seconds(finishedAt - report.StartedAt)} on {report.Machine.ToMarkdown()}. "
            + $"Load average (1/5/15 min) at start {report.Machine.LoadAverage}, at end {loadAtEnd}.").AppendLine();
        if (report.Headlines.Count > 0)
        {
            text.AppendLine(HeadlineTable("Against the targets", report.Headlines, withBenchmark: false).ToMarkdown());
        }

        foreach (var table in report.Tables)
        {
            text.AppendLine(table.ToMarkdown());
        }

        foreach (var (file, caption) in report.Charts)
        {
            text.AppendLine($"![{caption}]({file})").AppendLine();
        }

        foreach (var note in report.Notes)
        {
            text.Append("- ").AppendLine(note);
        }

        return text.AppendLine().ToString();
    }

    /// <summary>The headlines of a report's JSON, none when the file is missing or has none.</summary>
    private static List<Headline> ReadHeadlines(string jsonPath) =>
        File.Exists(jsonPath) && JsonDocument.Parse(File.ReadAllText(jsonPath)).RootElement.TryGetProperty("headlines", out var h)
            ? h.Deserialize<List<Headline>>(Json) ?? []
            : [];

    private static ReportTable HeadlineTable(string title, IEnumerable<Headline> headlines, bool withBenchmark)
    {
        var table = withBenchmark
            ? new ReportTable(title, "benchmark", "figure", "measured", "target", "verdict")
            : new ReportTable(title, "figure", "measured", "target", "verdict");
        foreach (var h in headlines)
        {
            table.Add(withBenchmark ? [h.Benchmark] : [], [h.Figure, h.Measured, h.Target, h.Verdict]);
        }

        return table;
    }

    private static string Readme(string folder)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine("Figures from `tests/PresenceGrains.Benchmarks` (not tests, not part of `./test.sh`). This page is rebuilt whenever a");
        text.AppendLine("reporting benchmark runs: each section below is the latest run of one benchmark (its `*.md`), with the machine and");
        text.AppendLine("the load it ran under; `*.json` holds the raw figures. Every benchmark runs from a fresh clone with one command;");
        text.AppendLine("`--smoke` runs a tiny version in seconds (written to a temporary folder, not here).").AppendLine();
        text.AppendLine("```bash");
        foreach (var name in Order)
        {
            text.AppendLine($"dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- {name}");
        }

        text.AppendLine("dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- resolver    # prints only: the Domain alone");
        text.AppendLine("dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- emulator    # prints only: emulator → one socket");
        text.AppendLine("```").AppendLine();
        text.AppendLine("`ingest` and `recovery` take `--platform genesys` to run against the emulator's Genesys Cloud mode with the service's");
        text.AppendLine("Genesys adapter (reports `*-genesys.md`), and `--storage azurite` for Azure Storage (reports `*-azurite.md`). `ingest`");
        text.AppendLine("first runs 1,000 agents unreported, so that every count is measured with the path compiled (`--warm-up-deltas 0` skips it).").AppendLine();
        if (File.Exists(Path.Combine(folder, "findings.md")))
        {
            text.AppendLine("Where the time and the memory go, what was changed because of it, and the printed figures of `resolver` and");
            text.AppendLine("`emulator`: [findings.md](findings.md).").AppendLine();
        }

        if (File.Exists(Path.Combine(folder, "client.md")))
        {
            text.AppendLine("What a router in another process gets from `PresenceGrains.Client` (`IsRoutableAsync` calls/s and latency, beside the")
                .AppendLine("same calls made inside the silo): [client.md](client.md).").AppendLine();
        }

        var headlines = Directory.GetFiles(folder, "*.json")
            .OrderBy(f => Array.IndexOf(Order, Path.GetFileNameWithoutExtension(f)) is var i && i >= 0 ? i : Order.Length)
            .SelectMany(ReadHeadlines)
            .ToList();
        if (headlines.Count > 0)
        {
            text.AppendLine(HeadlineTable("Against the targets (latest run of each)", headlines, withBenchmark: true).ToMarkdown().Replace("### ", "## ", StringComparison.Ordinal));
        }

        if (StorageSideBySide.Table(folder, Order, ReadHeadlines) is { } sideBySide)
        {
            text.AppendLine(sideBySide.ToMarkdown().Replace("### ", "## ", StringComparison.Ordinal));
        }

        var reports = Directory.GetFiles(folder, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => n is not ("README" or "findings"))
            .OrderBy(n => Array.IndexOf(Order, n) is var i && i >= 0 ? i : Order.Length)
            .ThenBy(n => n, StringComparer.Ordinal);
        text.AppendLine("Each report on its own: " + string.Join(", ", reports.Select(n => $"[{n}.md]({n}.md)")) + ".").AppendLine();
        foreach (var name in reports)
        {
            text.AppendLine(File.ReadAllText(Path.Combine(folder, name + ".md")).TrimEnd()).AppendLine();
        }

        return text.ToString();
    }
}
