using System.Text.RegularExpressions;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>
/// The workbook's and the alerts' queries (infra/app/queries, one KQL file each; the Infra tests hold every deployed
/// query to those files), with the metric and span names and the dimensions each one reads.
/// </summary>
public sealed partial record DashboardQuery(string File, string Text)
{
    public static IReadOnlyList<DashboardQuery> All { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(RepoRoot.Find(), "infra", "app", "queries"), "*.kql")
            .Order(StringComparer.Ordinal)
            .Select(path => new DashboardQuery(Path.GetFileName(path), StripComments(System.IO.File.ReadAllText(path))))];

    /// <summary>Whether it reads a table of Application Insights (the others read a function another file defines).</summary>
    public bool ReadsTelemetry => Table().IsMatch(Text);

    /// <summary>Every name compared with <c>name ==</c>, <c>name !=</c> or in a <c>name in (…)</c> list.</summary>
    public IReadOnlyList<string> Names =>
        [.. NameComparison().Matches(Text).Select(m => m.Groups[1].Value)
            .Concat(NameList().Matches(Text).SelectMany(m => Quoted().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Name filters that match more than one exact name, which no emitted-name check could cover.</summary>
    public IReadOnlyList<string> LooseNameFilters => [.. LooseName().Matches(Text).Select(m => m.Value)];

    /// <summary>The dimensions (metric tags, span attributes) it reads from <c>customDimensions</c>.</summary>
    public IReadOnlyList<string> Dimensions =>
        [.. Dimension().Matches(Text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Distinct(StringComparer.Ordinal)];

    public override string ToString() => File;

    private static string StripComments(string kql) => Comment().Replace(kql, "");

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b(customMetrics|requests|dependencies|traces)\b")]
    private static partial Regex Table();

    [GeneratedRegex(@"(?<![.\w])name\s*(?:==|!=)\s*""([^""]+)""")]
    private static partial Regex NameComparison();

    [GeneratedRegex(@"(?<![.\w])name\s+in\s*\(([^)]*)\)")]
    private static partial Regex NameList();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<![.\w])name\s*(?:=~|!~|\bhas\b|\bcontains\b|\bstartswith\b|\bendswith\b|\bmatches\b|\bin~)")]
    private static partial Regex LooseName();

    [GeneratedRegex(@"customDimensions(?:\.(\w+)|\[""([^""]+)""\])")]
    private static partial Regex Dimension();
}
