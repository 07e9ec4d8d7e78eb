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
    private static readonly string[] Order = ["ingest", "memory", "soak", "recovery"];

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
            figures = report.Figures,
            tables = report.Tables.Select(t => new { title = t.Title, headers = t.Headers, rows = t.Rows }),
            notes = report.Notes,
            charts = report.Charts.Select(c => new { file = c.File, caption = c.Caption }),
        };
        File.WriteAllText(Path.Combine(folder, report.Name + ".json"), JsonSerializer.Serialize(json, Json));
        File.WriteAllText(Path.Combine(folder, report.Name + ".md"), Markdown(report, finishedAt, loadAtEnd));
        File.WriteAllText(Path.Combine(folder, "README.md"), Readme(folder));
        Console.WriteLine($"report: {Path.Combine(folder, report.Name + ".md")}");
    }

    private static string Markdown(BenchmarkReport report, DateTimeOffset finishedAt, string loadAtEnd)
    {
        var text = new StringBuilder();
        text.Append("## ").AppendLine(report.Title).AppendLine();
        text.AppendLine("```bash").AppendLine(report.Command).AppendLine("```").AppendLine();
        text.AppendLine($"Ran {report.StartedAt:yyyy-MM-dd HH:mm} UTC for {Format.Seconds(finishedAt - report.StartedAt)} on {report.Machine.ToMarkdown()}. "
            + $"Load average (1/5/15 min) at start {report.Machine.LoadAverage}, at end {loadAtEnd}.").AppendLine();
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

    private static string Readme(string folder)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine("Figures printed by `tests/PresenceGrains.Benchmarks` (not tests, not part of `./test.sh`). Each section below is the");
        text.AppendLine("latest run of one benchmark, rebuilt from its `*.md` whenever a benchmark runs; `*.json` holds the raw figures.");
        text.AppendLine("Every benchmark runs from a fresh clone with one command, and `--smoke` runs a tiny version in seconds");
        text.AppendLine("(written to a temporary folder, not here):").AppendLine();
        text.AppendLine("```bash");
        foreach (var name in Order)
        {
            text.AppendLine($"dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- {name}");
        }

        text.AppendLine("```").AppendLine();
        if (File.Exists(Path.Combine(folder, "findings.md")))
        {
            text.AppendLine("Where the time and the memory go, and what was changed because of it: [findings.md](findings.md).").AppendLine();
        }

        var reports = Directory.GetFiles(folder, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => n is not ("README" or "findings"))
            .OrderBy(n => Array.IndexOf(Order, n) is var i && i >= 0 ? i : Order.Length)
            .ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in reports)
        {
            text.AppendLine(File.ReadAllText(Path.Combine(folder, name + ".md")).TrimEnd()).AppendLine();
        }

        return text.ToString();
    }
}
