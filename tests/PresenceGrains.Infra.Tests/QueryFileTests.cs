using System.Text.RegularExpressions;
using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

// tests/PresenceGrains.Service.Tests checks the metric and span names in infra/app/queries against what the host
// emits. That check covers every query only if every query is in those files and every file is deployed.
public sealed partial class QueryFileTests
{
    private static readonly List<string> BicepFiles = [.. Directory.EnumerateFiles(RepositoryLayout.File("infra"), "*.bicep", SearchOption.AllDirectories)];

    [Fact]
    public void Every_query_file_is_loaded_by_the_bicep()
    {
        var loaded = BicepFiles.SelectMany(file => LoadedFile().Matches(File.ReadAllText(file))
                .Select(match => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, match.Groups[1].Value))))
            .ToHashSet(StringComparer.Ordinal);

        var queries = Directory.EnumerateFiles(RepositoryLayout.Queries, "*.kql").ToList();

        Assert.NotEmpty(queries);
        Assert.All(queries, query => Assert.True(loaded.Contains(Path.GetFullPath(query)), $"{Path.GetFileName(query)} is deployed by no Bicep file"));
    }

    [Fact]
    public void No_bicep_file_writes_a_query_of_its_own()
    {
        var inline = BicepFiles.Where(file => InlineQuery().IsMatch(File.ReadAllText(file))).Select(Path.GetFileName).ToList();

        Assert.True(inline.Count == 0, $"queries written outside infra/app/queries: {string.Join(", ", inline)}");
    }

    [GeneratedRegex(@"loadTextContent\('([^']+\.kql)'\)")]
    private static partial Regex LoadedFile();

    // What a query that reads telemetry cannot do without: a table, or a filter on a metric or span name.
    [GeneratedRegex(@"\b(customMetrics|requests|dependencies|traces)\s*(\||$)|\bname\s*(==|=~|in\b|has\b|startswith\b|contains\b)", RegexOptions.Multiline)]
    private static partial Regex InlineQuery();
}
