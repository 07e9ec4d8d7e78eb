namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>What one benchmark run found: its tables, charts and notes, the raw figures, and the machine it ran on.</summary>
public sealed class BenchmarkReport(string name, string title, string command)
{
    /// <summary>The subcommand; names the files (<c>ingest.json</c>, <c>ingest.md</c>, <c>ingest-*.png</c>).</summary>
    public string Name { get; } = name;

    public string Title { get; } = title;

    /// <summary>The exact command that produced it.</summary>
    public string Command { get; } = command;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public MachineInfo Machine { get; } = MachineInfo.Read();

    public List<ReportTable> Tables { get; } = [];

    /// <summary>The figures a target is stated for, each with its verdict: the README's summary is made of these.</summary>
    public List<Headline> Headlines { get; } = [];

    /// <summary>How to read the figures, what was configured, what did not work: one paragraph each.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Chart files written next to the report, with their captions.</summary>
    public List<(string File, string Caption)> Charts { get; } = [];

    /// <summary>The raw figures, for the JSON file.</summary>
    public object? Figures { get; set; }

    /// <summary>A report named <paramref name="name"/> for <paramref name="subcommand"/> (the name when null) run with <paramref name="args"/>.</summary>
    public static BenchmarkReport For(string name, string title, IEnumerable<string> args, string? subcommand = null) =>
        new(name, title, $"dotnet run -c Release --project tests/PresenceGrains.Benchmarks -- {string.Join(' ', args.Prepend(subcommand ?? name))}");

    /// <summary>A figure against its target; <paramref name="met"/> null where no target is stated.</summary>
    public void Headline(string figure, string measured, string target, bool? met) =>
        Headlines.Add(new Headline(Name, figure, measured, target, met is { } m ? Format.Verdict(m) : "–"));

    public ReportTable Table(string tableTitle, params string[] headers)
    {
        var table = new ReportTable(tableTitle, headers);
        Tables.Add(table);
        return table;
    }
}

/// <summary>One figure of a benchmark against its target.</summary>
public sealed record Headline(string Benchmark, string Figure, string Measured, string Target, string Verdict);
