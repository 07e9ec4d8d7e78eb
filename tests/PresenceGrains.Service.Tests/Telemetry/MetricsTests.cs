using OpenTelemetry.Metrics;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>Every PresenceGrains instrument reaches the exporter with its unit and its dimensions, beside Orleans', ASP.NET Core's and the runtime's.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests(TelemetryFixture fixture)
{
    [Theory]
    [InlineData(PlatformMetrics.DeltasReceived, "{delta}", MetricType.LongSum, new[] { "tenant" })]
    [InlineData(PresenceMetrics.DeltasApplied, "{delta}", MetricType.LongSum, new[] { "tenant", "source" })]
    [InlineData(PresenceMetrics.DeltasDiscarded, "{delta}", MetricType.LongSum, new[] { "tenant", "reason" })]
    [InlineData(PresenceMetrics.InversionsHeld, "{inversion}", MetricType.LongSum, new[] { "tenant" })]
    [InlineData(PlatformMetrics.ChannelReconnects, "{reconnect}", MetricType.LongSum, new[] { "tenant" })]
    [InlineData(PlatformMetrics.ChannelDisconnectedDuration, "s", MetricType.Histogram, new[] { "tenant" })]
    [InlineData(PlatformMetrics.TokenRefreshes, "{refresh}", MetricType.LongSum, new[] { "tenant", "reason" })]
    [InlineData(PresenceMetrics.Agents, "{agent}", MetricType.LongGauge, new[] { "tenant", "state", "freshness", "routable" })]
    [InlineData(PresenceMetrics.DeltaLatency, "ms", MetricType.Histogram, new[] { "tenant", "direction" })]
    [InlineData(PresenceMetrics.SnapshotsApplied, "{agent}", MetricType.LongSum, new[] { "tenant", "cause" })]
    [InlineData(PresenceMetrics.ChannelState, "{state}", MetricType.LongGauge, new[] { "tenant", "state" })]
    public void A_presence_instrument_is_exported_with_its_unit_and_dimensions(string name, string unit, MetricType type, string[] dimensions)
    {
        var metric = Last(name);

        Assert.Equal(unit, metric.Unit);
        Assert.Equal(type, metric.MetricType);
        Assert.False(string.IsNullOrWhiteSpace(metric.Description));
        Assert.NotEmpty(metric.MetricPoints);
        Assert.All(metric.MetricPoints, p =>
        {
            Assert.Equal(dimensions.Order(), Tags(p).Keys.Order());
            Assert.Equal(TelemetryFixture.Tenant, Tags(p)["tenant"]);
        });
        Assert.True(Total(metric) > 0, $"{name} counted nothing");
    }

    [Fact]
    public void Dimension_values_name_what_happened()
    {
        Assert.Equal(["device", "user"], Values(PresenceMetrics.DeltasApplied, "source"));

        // The platform pushes the agent's unchanged declared state with every composite change: a duplicate.
        Assert.Contains("duplicate", Values(PresenceMetrics.DeltasDiscarded, "reason"));
        Assert.Subset(new HashSet<string> { "stale", "duplicate", "tie" }, Values(PresenceMetrics.DeltasDiscarded, "reason").ToHashSet());
        Assert.Equal(["rejected"], Values(PlatformMetrics.TokenRefreshes, "reason"));
        Assert.Subset(new HashSet<string> { "offline", "available", "notReady", "wrapUp", "onCall" }, Values(PresenceMetrics.Agents, "state").ToHashSet());
        Assert.Equal(["fresh"], Values(PresenceMetrics.Agents, "freshness"));

        // Offline to Available, Available to OnCall: raises; the lowering was taken back within the hold, never published.
        Assert.Contains("raise", Values(PresenceMetrics.DeltaLatency, "direction"));
        Assert.Subset(new HashSet<string> { "raise", "lowering", "same" }, Values(PresenceMetrics.DeltaLatency, "direction").ToHashSet());

        // Nothing was shed and no agent asked to be re-read: every snapshot came with a connect.
        Assert.Equal(["connect"], Values(PresenceMetrics.SnapshotsApplied, "cause"));
    }

    [Fact]
    public void The_agent_gauge_counts_routable_agents_as_the_directory_lists_them()
    {
        var metric = Last(PresenceMetrics.Agents);
        var routable = metric.MetricPoints.Where(p => (string)Tags(p)["routable"]! == "true").Sum(p => Count(metric, p));
        var unroutable = metric.MetricPoints.Where(p => (string)Tags(p)["routable"]! == "false").Sum(p => Count(metric, p));

        Assert.Equal(fixture.Directory.Count(p => p.Routable), routable);
        Assert.Equal(fixture.Directory.Count(p => !p.Routable), unroutable);
    }

    [Fact]
    public void The_channel_gauges_show_the_connected_channel_a_recent_heartbeat_and_nothing_shed()
    {
        var state = Last(PresenceMetrics.ChannelState);
        Assert.All(state.MetricPoints, p => Assert.Equal(
            Enum.GetName((ChannelConnection)p.GetGaugeLastValueLong())!.ToLowerInvariant(), (string)Tags(p)["state"]!));
        Assert.Contains(state.MetricPoints.ToList(), p => (string)Tags(p)["state"]! == "connected");

        var age = Last(PresenceMetrics.HeartbeatAge);
        Assert.Equal(("s", MetricType.DoubleGauge), (age.Unit, age.MetricType));
        var point = Assert.Single(age.MetricPoints.ToList());
        Assert.Equal(TelemetryFixture.Tenant, Tags(point)["tenant"]);
        Assert.InRange(point.GetGaugeLastValueDouble(), 0, 30);

        var shed = Last(PresenceMetrics.DeltasShed);
        Assert.Equal(("{delta}", MetricType.LongSum), (shed.Unit, shed.MetricType));
        Assert.Equal(TelemetryFixture.Tenant, Tags(Assert.Single(shed.MetricPoints.ToList()))["tenant"]);
        Assert.Equal(0, Total(shed));
    }

    [Fact]
    public void The_agent_gauge_counts_every_watched_agent_once_and_the_counters_add_up()
    {
        Assert.Equal(fixture.WatchedAgents, Total(Last(PresenceMetrics.Agents)));

        // Each delta is judged once; none was shed here, so received = applied + discarded.
        var received = Total(Last(PlatformMetrics.DeltasReceived));
        Assert.Equal(received, Total(Last(PresenceMetrics.DeltasApplied)) + Total(Last(PresenceMetrics.DeltasDiscarded)));

        // Two losses: the dropped socket and the expired token.
        Assert.Equal(2, Total(Last(PlatformMetrics.ChannelReconnects)));
        Assert.Equal(2, Total(Last(PlatformMetrics.ChannelDisconnectedDuration)));

        // The first connect and each reconnect read every watched agent from REST.
        var snapshots = Total(Last(PresenceMetrics.SnapshotsApplied));
        Assert.True(snapshots >= 3 * fixture.WatchedAgents && snapshots % fixture.WatchedAgents == 0, $"{snapshots} snapshots for {fixture.WatchedAgents} agents");
    }

    [Fact]
    public void Orleans_aspnetcore_httpclient_and_runtime_metrics_flow_through_the_same_pipeline()
    {
        Assert.Contains(fixture.Metrics, m => m.MeterName == "Microsoft.Orleans");
        Assert.Contains(fixture.Metrics, m => m.Name == "http.server.request.duration");
        Assert.Contains(fixture.Metrics, m => m.Name == "http.client.request.duration");
        Assert.Contains(fixture.Metrics, m => m.Name.StartsWith("dotnet.", StringComparison.Ordinal));
    }

    [Fact]
    public void Logs_flow_through_the_same_pipeline_with_their_messages()
    {
        Assert.Contains(fixture.Logs, l => l.CategoryName == "PresenceGrains.Platform.SeedProtocol.SeedProtocolPlatform"
            && l.FormattedMessage?.Contains("channel subscribed", StringComparison.Ordinal) == true);
    }

    private MetricSnapshot Last(string name) =>
        fixture.Metrics.LastOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"{name} was never exported");

    private List<string> Values(string name, string dimension)
    {
        var metric = Last(name);
        return [.. metric.MetricPoints.Where(p => Count(metric, p) > 0).Select(p => (string)Tags(p)[dimension]!).Distinct().Order(StringComparer.Ordinal)];
    }

    private static double Total(MetricSnapshot metric) => metric.MetricPoints.Sum(p => Count(metric, p));

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>What a point counted: a sum, a gauge's value, or a histogram's number of recordings.</summary>
    private static double Count(MetricSnapshot metric, MetricPoint point) => metric.MetricType switch
    {
        MetricType.Histogram => point.GetHistogramCount(),
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        _ => point.GetSumLong(),
    };
}
