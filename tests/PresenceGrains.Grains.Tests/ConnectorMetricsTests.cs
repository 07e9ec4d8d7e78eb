using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;
using DisconnectionWindow = PresenceGrains.Platform.Events.DisconnectionWindow;

namespace PresenceGrains.Grains.Tests;

/// <summary>What the connector measures: REST snapshots by cause, accepted corrections, and its channel as gauges.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectorMetricsTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Snapshots_are_counted_by_cause_and_corrections_once_the_platform_took_them()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.SnapshotsApplied, PresenceMetrics.CorrectionsSent);
        var scenario = await Scenario.StartAsync(Client);
        await Eventually.HoldsAsync(() => Task.FromResult(Snapshots(recorder, scenario)), s => s.ContainsKey("connect"), what: "the first connect's snapshot");
        var firstConnect = Snapshots(recorder, scenario)["connect"];
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.Available, scenario.Now(10)), [], scenario.Now());
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);

        // A gap in which the agent went not-ready: the reconnect's snapshot finds it, and a correction goes out.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(1000)), [], scenario.Now());
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(-2), DateTimeOffset.UtcNow, "socket closed"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        await Eventually.HoldsAsync(
            () => Task.FromResult(recorder.Of(PresenceMetrics.CorrectionsSent, scenario.TenantId).Sum(r => r.Value)), c => c > 0, what: "the correction counted");

        // The platform asks for a re-read; re-activated agents ask; a silence with heartbeats missed ends on the same socket.
        scenario.Push(new ResnapshotRequired(DateTimeOffset.UtcNow, ["agent-1"], "shed"));
        await Client.GetGrain<IConnectorInbox>(scenario.TenantId).RequestSnapshotAsync(["agent-1"]);
        await Eventually.HoldsAsync(() => Task.FromResult(Snapshots(recorder, scenario)), s => s.ContainsKey("requested"), what: "the requested snapshot");
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Stale, "no heartbeat"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Stale);
        scenario.Push(new ChannelResumed(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2), HeartbeatsMissed: true));

        var counted = await Eventually.HoldsAsync(
            () => Task.FromResult(Snapshots(recorder, scenario)), s => s.ContainsKey("reread"), what: "the re-read counted");
        Assert.Equal(
            new Dictionary<string, double> { ["connect"] = firstConnect + 1, ["platform"] = 1, ["requested"] = 1, ["reread"] = 1 }.OrderBy(c => c.Key),
            counted.OrderBy(c => c.Key));
        Assert.Equal(1, recorder.Of(PresenceMetrics.CorrectionsSent, scenario.TenantId).Sum(r => r.Value));
    }

    [Fact]
    public async Task The_channel_gauges_read_the_connector_and_its_platform_client()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.ChannelState, PresenceMetrics.HeartbeatAge, PresenceMetrics.DeltasShed);
        var scenario = await Scenario.StartAsync(Client);
        await Eventually.HoldsAsync(scenario.Connector.GetHealthAsync, h => h.Connection == ChannelConnection.Connected, what: "connected");
        var heartbeat = DateTimeOffset.UtcNow.AddSeconds(-30);
        scenario.Platform.Status = scenario.Platform.Status with
        {
            State = ChannelState.Connected,
            LastHeartbeat = heartbeat,
            Counters = scenario.Platform.Status.Counters with { Shed = 7 },
        };

        var state = Assert.Single(recorder.Observe(PresenceMetrics.ChannelState, scenario.TenantId));
        Assert.Equal((int)ChannelConnection.Connected, state.Value);
        Assert.Equal("connected", state.Tags["state"]);
        var age = Assert.Single(recorder.Observe(PresenceMetrics.HeartbeatAge, scenario.TenantId)).Value;
        Assert.InRange(age, 30, 60);
        Assert.Equal(7, Assert.Single(recorder.Observe(PresenceMetrics.DeltasShed, scenario.TenantId)).Value);

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        state = Assert.Single(recorder.Observe(PresenceMetrics.ChannelState, scenario.TenantId));
        Assert.Equal((int)ChannelConnection.Reconnecting, state.Value);
        Assert.Equal("reconnecting", state.Tags["state"]);
    }

    private static Dictionary<string, double> Snapshots(MeasurementRecorder recorder, Scenario scenario) =>
        recorder.Of(PresenceMetrics.SnapshotsApplied, scenario.TenantId)
            .GroupBy(r => r.Tags["cause"])
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Value), StringComparer.Ordinal);
}
