using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>Publications measured by which way they moved the agent, and agents counted by whether routing may use them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PublicationMetricsTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Publication_latency_is_recorded_by_direction_against_the_previous_publication()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.DeltaLatency);
        var scenario = await Scenario.StartAsync(Client, "agent-1", "dev-a");
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available);
        await Eventually.HoldsAsync(() => Task.FromResult(Directions(recorder, scenario)), d => d.Count >= 1, what: "the raise recorded");
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall);
        await Eventually.HoldsAsync(() => Task.FromResult(Directions(recorder, scenario)), d => d.Count >= 2, what: "the second raise recorded");

        // The call ends: a lowering, published once the hold window has passed.
        scenario.Signal("dev-a", PresenceSignal.Online);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available);

        var directions = await Eventually.HoldsAsync(
            () => Task.FromResult(Directions(recorder, scenario)), d => d.Contains("lowering"), what: "the lowering recorded");
        Assert.Equal(["raise", "raise"], directions.Take(2));
        Assert.Contains("lowering", directions.Skip(2));
        Assert.All(directions, d => Assert.Contains(d, new[] { "raise", "lowering", "same" }));
    }

    [Fact]
    public async Task The_agents_gauge_counts_routable_agents_apart_from_the_others_in_the_same_state()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.Agents);
        var scenario = await Scenario.StartAsync(Client, "agent-1", "dev-a");
        await Client.GetGrain<ITenantPresenceGrain>(scenario.TenantId).ListAsync(AgentFilter.All);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);

        await Eventually.HoldsAsync(
            () => Task.FromResult(Census(recorder, scenario)), c => c.GetValueOrDefault("available/fresh/true") == 1, what: "one routable agent counted");

        // Heartbeats overdue: still Available, no longer routable.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Stale, "no heartbeat"));
        var census = await Eventually.HoldsAsync(
            () => Task.FromResult(Census(recorder, scenario)), c => c.GetValueOrDefault("available/stale/false") == 1, what: "the agent counted unroutable");
        Assert.Equal(1, census.Values.Sum());
    }

    private static List<string> Directions(MeasurementRecorder recorder, Scenario scenario) =>
        [.. recorder.Of(PresenceMetrics.DeltaLatency, scenario.TenantId).Select(r => r.Tags[PresenceMetrics.DirectionDimension])];

    /// <summary>The gauge's non-zero counts of one collection, keyed state/freshness/routable.</summary>
    private static Dictionary<string, double> Census(MeasurementRecorder recorder, Scenario scenario) =>
        recorder.Observe(PresenceMetrics.Agents, scenario.TenantId)
            .Where(r => r.Value != 0)
            .ToDictionary(r => $"{r.Tags["state"]}/{r.Tags["freshness"]}/{r.Tags[PresenceMetrics.RoutableDimension]}", r => r.Value, StringComparer.Ordinal);
}
