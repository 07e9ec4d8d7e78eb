using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;
using DisconnectionWindow = PresenceGrains.Platform.Events.DisconnectionWindow;

namespace PresenceGrains.Grains.Tests;

/// <summary>The connector driven through the scripted adapter: channel loss, token expiry, heartbeat loss, reconnect.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChannelLifecycleTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Socket_drop_shows_reconnecting_then_the_snapshot_repairs_the_gap_and_corrections_go_out()
    {
        var scenario = await Scenario.StartAsync(Client);
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(
            Client, PresenceStreams.TenantNamespace, scenario.TenantId);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.Online);
        await scenario.WaitForAgentAsync(p => p.Routable);

        // Seed edge case 2: the socket drops; readers see Reconnecting, never Offline, and routing sees not routable.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        var reconnecting = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        Assert.Equal(AgentState.Available, reconnecting.State);
        Assert.False(reconnecting.Routable);
        Assert.Equal(ChangeCause.Reconnect, reconnecting.Cause);

        // During the gap the agent went not-ready on the platform; only the REST snapshot can tell.
        var gapStart = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var gapEnd = gapStart.AddMilliseconds(2345);
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1",
            new SnapshotSource(PresenceSignal.NotReady, scenario.Now(1000)),
            [new SnapshotDevice("dev-a", PresenceSignal.Online, scenario.Now())],
            gapEnd);
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, gapStart, gapEnd, "socket closed"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));

        var repaired = await stream.WaitForAsync(p => p.Cause == ChangeCause.Snapshot && p.State == AgentState.NotReady);
        Assert.Equal(Freshness.Fresh, repaired.Freshness);
        Assert.DoesNotContain(stream.Items, p => p.State == AgentState.Offline);

        var windows = await scenario.Connector.GetDisconnectionsAsync(gapStart.AddMinutes(-1), gapEnd.AddMinutes(1));
        var window = Assert.Single(windows);
        Assert.Equal(TimeSpan.FromMilliseconds(2345), window.Duration);

        var correction = await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.Corrections.ToArray()), c => c.Length > 0, what: "a correction");
        Assert.Equal("agent-1", correction[0].AgentId);
        Assert.Equal(PresenceLevel.NotReady, correction[0].State);
        Assert.Equal(gapStart, correction[0].DisconnectedAt);
        Assert.Equal(gapEnd, correction[0].ReconnectedAt);
    }

    [Fact]
    public async Task Deltas_after_a_reconnect_are_not_held_back_by_corrections_still_going_out()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);
        scenario.Platform.CorrectionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var gapStart = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(1000)), [], gapStart.AddSeconds(2));
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, gapStart, gapStart.AddSeconds(2), "socket closed"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady && p.Freshness == Freshness.Fresh);

        // The correction for the gap cannot get out yet; a call that rings now must show at once all the same.
        scenario.Signal("dev-a", PresenceSignal.Ringing);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall, what: "the ringing device, while the correction waits");
        Assert.Empty(scenario.Platform.Corrections);

        scenario.Platform.CorrectionGate.SetResult();
        var sent = await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.Corrections.ToArray()), c => c.Length > 0, what: "the correction, once the platform takes it");
        Assert.Equal(PresenceLevel.NotReady, Assert.Single(sent).State);
    }

    [Fact]
    public async Task Heartbeat_loss_makes_agents_stale_and_unroutable_until_the_reconnect()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Stale, "no heartbeat for 5 s"));
        var stale = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Stale);
        Assert.False(stale.Routable);
        Assert.Equal(AgentState.Available, stale.State);
        var health = await scenario.Connector.GetHealthAsync();
        Assert.Equal(ChannelConnection.Stale, health.Connection);

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "half-open socket dropped"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(-6), DateTimeOffset.UtcNow, "heartbeat loss"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));

        var fresh = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh && p.Routable);
        Assert.Equal(AgentState.Available, fresh.State);
        Assert.Equal(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);
    }

    [Fact]
    public async Task A_silence_that_ends_on_the_same_socket_restores_freshness_at_once_and_re_reads_every_agent_beside_the_live_deltas()
    {
        var (scenario, snapshotsBefore, stale) = await AvailableThenSilentAsync();
        Assert.False(stale.Routable);

        // The re-read's REST answer is slow; the live deltas after the silence must not wait for it.
        scenario.Platform.SnapshotGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Push(new ChannelResumed(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.6), HeartbeatsMissed: true));
        var fresh = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh && p.Routable);
        Assert.Equal(AgentState.Available, fresh.State);
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall);

        var reread = await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.SnapshotRequests.ToArray()), r => r.Length > snapshotsBefore, what: "the re-read");
        Assert.Contains("agent-1", reread[snapshotsBefore]);
        scenario.Platform.SnapshotGate.SetResult();
        Assert.Equal(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);
        Assert.Empty(await scenario.Connector.GetDisconnectionsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task A_silence_in_which_the_platform_kept_its_heartbeat_rhythm_restores_freshness_without_a_re_read()
    {
        var (scenario, snapshotsBefore, _) = await AvailableThenSilentAsync();
        scenario.Push(new ChannelResumed(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2.2), HeartbeatsMissed: false));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh && p.Routable);

        // A delta after the resumption has gone through the event loop once this shows, so a re-read would have been asked by now.
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall);
        Assert.Equal(snapshotsBefore, scenario.Platform.SnapshotRequests.Count);
        Assert.Equal(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);
    }

    /// <summary>An available, routable agent, then a heartbeat overdue on the channel: the REST reads made so far, and the agent's Stale publication.</summary>
    private async Task<(Scenario Scenario, int SnapshotsBefore, AgentPresence Stale)> AvailableThenSilentAsync()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);
        var snapshotsBefore = scenario.Platform.SnapshotRequests.Count;

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Stale, "no heartbeat or message for 2000 ms"));
        var stale = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Stale);
        return (scenario, snapshotsBefore, stale);
    }

    [Fact]
    public async Task Token_expiry_through_the_adapter_is_a_short_reconnect_and_its_expiry_is_reported_without_the_token()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.Routable);
        var newExpiry = DateTimeOffset.UtcNow.AddHours(1);

        // The adapter saw a 401 frame, rotated its token and reconnected; the grains see the channel's life only.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "401 token expired"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        scenario.Platform.Status = scenario.Platform.Status with { TokenExpiresAt = newExpiry, TokenRefreshes = 2, State = ChannelState.Connected };
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMilliseconds(-40), DateTimeOffset.UtcNow, "token expired"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));

        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh && p.Routable);
        var health = await scenario.Connector.GetHealthAsync();
        Assert.Equal(newExpiry, health.TokenExpiresAt);
        Assert.Equal(2, health.Anomalies.TokenRefreshes);
        Assert.Contains(health.RecentDisconnections, w => w.Cause == "token expired");
    }

    [Fact]
    public async Task Every_connect_reads_every_watched_agent_from_rest()
    {
        var scenario = await Scenario.StartAsync(Client);
        var firstRead = await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.SnapshotRequests.ToArray()), r => r.Length >= 1, what: "the start-up snapshot");
        Assert.Equal(["agent-1"], firstRead[0]);

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "drop"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.SnapshotRequests.Count), c => c >= 2, what: "the reconnect snapshot");
    }
}
