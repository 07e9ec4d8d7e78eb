using System.Reflection;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>
/// Every metric and span name the Azure Monitor workbook and alerts query is one the running host emitted, so a renamed
/// instrument fails here instead of blanking a chart or silencing an alert. Application Insights keeps the names as they
/// are: a metric's instrument name in <c>customMetrics</c>, a span's display name in <c>requests</c>/<c>dependencies</c>,
/// tags and attributes as <c>customDimensions</c>.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class DashboardNamesTests(TelemetryFixture fixture)
{
    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Names the fixture's scenario cannot make the host emit, each held to the name its code declares instead: no grain
    /// call times out (Orleans' counter reports nothing until one does), no agent changes during a gap, so no
    /// correction goes out (the grains' ConnectorMetricsTests counts one against a scripted platform), and no re-read
    /// finds drift within the fixture's life (the platform's SilentDeltaLossTests counts it against the emulator).
    /// </summary>
    private static readonly Dictionary<string, string> DeclaredOnly = new(StringComparer.Ordinal)
    {
        [PresenceMetrics.CorrectionsSent] = PresenceTelemetry.Name,
        [PresenceGrains.Platform.Telemetry.PlatformMetrics.DriftRepaired] = PresenceGrains.Platform.Telemetry.PlatformTelemetry.Name,
        [OrleansInstrumentName("APP_REQUESTS_TIMED_OUT")] = OrleansMeter,
    };

    public static TheoryData<string> Queries() => [.. DashboardQuery.All.Select(q => q.File)];

    [Fact]
    public void The_queries_name_metrics_and_spans()
    {
        Assert.Contains(DashboardQuery.All, q => q.Names.Count > 0 && q.ReadsTelemetry);
        Assert.Contains(Names(), name => name.StartsWith("presence.", StringComparison.Ordinal));
        Assert.Contains(Names(), name => name.StartsWith("orleans-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_query_that_reads_telemetry_names_exactly_what_it_reads(string file)
    {
        var query = Query(file);

        Assert.True(!query.ReadsTelemetry || query.Names.Count > 0, $"{file} reads a table without a name == or name in (…) filter");
        Assert.Empty(query.LooseNameFilters);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_name_a_query_reads_is_emitted_by_the_host(string file)
    {
        var emitted = Emitted();

        var unknown = Query(file).Names.Where(name => !emitted.ContainsKey(name) && !DeclaredOnly.ContainsKey(name)).ToList();

        Assert.True(unknown.Count == 0, $"{file} queries names the host never emitted: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_dimension_a_query_reads_is_carried_by_a_name_it_reads(string file)
    {
        var emitted = Emitted();
        var query = Query(file);
        var carried = query.Names.Where(emitted.ContainsKey).SelectMany(name => emitted[name]).ToHashSet(StringComparer.Ordinal);

        // A query that reads only declared names has no exported dimensions to compare with; the names are checked above.
        if (query.Names.All(DeclaredOnly.ContainsKey))
        {
            return;
        }

        var missing = query.Dimensions.Where(dimension => !carried.Contains(dimension)).ToList();
        Assert.True(missing.Count == 0, $"{file} reads dimensions none of its names carries: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Names_held_to_their_declaration_are_on_a_meter_or_source_the_host_exports()
    {
        Assert.All(DeclaredOnly, declared => Assert.True(
            fixture.Metrics.Any(m => m.MeterName == declared.Value) || fixture.Spans.Any(s => s.Source.Name == declared.Value),
            $"{declared.Key}: nothing from {declared.Value} was exported"));
        Assert.All(DeclaredOnly.Keys, name => Assert.DoesNotContain(name, Emitted().Keys));
    }

    private static DashboardQuery Query(string file) => DashboardQuery.All.Single(q => q.File == file);

    private static IEnumerable<string> Names() => DashboardQuery.All.SelectMany(q => q.Names);

    /// <summary>Every metric and span name the host exported, with the tag keys it carried.</summary>
    private Dictionary<string, HashSet<string>> Emitted()
    {
        var emitted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var metric in fixture.Metrics)
        {
            var keys = Keys(emitted, metric.Name);
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    keys.Add(tag.Key);
                }
            }
        }

        foreach (var span in fixture.Spans)
        {
            Keys(emitted, span.DisplayName).UnionWith(span.TagObjects.Select(tag => tag.Key));
        }

        return emitted;
    }

    private static HashSet<string> Keys(Dictionary<string, HashSet<string>> emitted, string name) =>
        emitted.TryGetValue(name, out var keys) ? keys : emitted[name] = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>An instrument name as Orleans declares it (Orleans.Runtime.InstrumentNames, internal to Orleans.Core).</summary>
    private static string OrleansInstrumentName(string field) =>
        Type.GetType("Orleans.Runtime.InstrumentNames, Orleans.Core", throwOnError: true)!
            .GetField(field, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException($"Orleans declares no instrument {field}.");
}
