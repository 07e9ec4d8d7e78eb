using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// The snapshot of every agent that a (re)connect takes runs beside the live deltas: a change made while it is read
/// reaches its agent at once (not after every agent was read), an agent becomes Fresh only with its own snapshot, and a
/// channel lost again meanwhile is not called Connected by the snapshot's end.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectSnapshotTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_change_made_while_the_connect_snapshot_is_read_reaches_its_agent_at_once_and_the_older_snapshot_does_not_undo_it()
    {
        var scenario = await ReconnectingAsync();
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.Available, scenario.Now()), [new SnapshotDevice("dev-a", PresenceSignal.Online, scenario.Now())], scenario.Now());
        var gate = await ConnectWithSlowReadAsync(scenario);

        // The call rings after the REST read was taken and before its answer came back.
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        var onCall = await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall, what: "the call, while the snapshot is read");
        Assert.Equal((Freshness.Reconnecting, false), (onCall.Freshness, onCall.Routable));
        Assert.NotEqual(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);

        gate.SetResult();
        var fresh = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh, what: "the agent Fresh with its snapshot");
        Assert.Equal((AgentState.OnCall, false), (fresh.State, fresh.Routable));
        await Eventually.HoldsAsync(
            () => scenario.Connector.GetHealthAsync(), h => h.Connection == ChannelConnection.Connected, what: "the channel connected once every agent was read");
    }

    [Fact]
    public async Task A_channel_lost_again_while_the_connect_snapshot_is_read_is_not_called_connected_and_its_agents_stay_unroutable()
    {
        var scenario = await ReconnectingAsync();

        // dev-b, new in the snapshot, shows when the snapshot has been applied.
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1",
            new SnapshotSource(PresenceSignal.Available, scenario.Now()),
            [new SnapshotDevice("dev-a", PresenceSignal.Online, scenario.Now()), new SnapshotDevice("dev-b", PresenceSignal.Online, scenario.Now())],
            scenario.Now());
        var gate = await ConnectWithSlowReadAsync(scenario);

        // Lost again before the answer came; the delta after it shows that the loop has taken the loss.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed again"));
        scenario.Signal(null, PresenceSignal.NotReady);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, what: "the delta after the second loss");

        gate.SetResult();
        var applied = await scenario.WaitForAgentAsync(p => p.Devices.Any(d => d.DeviceId == "dev-b"), what: "the snapshot applied");
        Assert.Equal((Freshness.Reconnecting, false), (applied.Freshness, applied.Routable));
        Assert.Equal(ChannelConnection.Reconnecting, (await scenario.Connector.GetHealthAsync()).Connection);

        // The next connect reads again, and that one makes the agent Fresh.
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh, what: "the agent Fresh after the next connect");
        await Eventually.HoldsAsync(
            () => scenario.Connector.GetHealthAsync(), h => h.Connection == ChannelConnection.Connected, what: "the channel connected");
    }

    [Fact]
    public async Task An_agent_whose_call_failed_while_the_connect_snapshot_is_read_is_read_again_and_shown_Fresh_before_the_others_are_read()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-1", ["dev-a"]), new WatchedAgent("agent-2", ["dev-c"])]));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-2");
        await scenario.WaitForAgentAsync(p => p.Routable, "agent-2");
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting, "agent-2");
        scenario.Platform.Snapshots["agent-2"] = new AgentSnapshot(
            "agent-2", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(100)), [], scenario.Now());

        // The connect's bulk read is slow; the single re-read of a failed agent is not.
        var gate = await ConnectWithSlowReadAsync(scenario, only: ids => ids.Count > 1);

        GrainCallRecorder.FailCallsTo[PresenceKeys.Compose(scenario.TenantId, "agent-2")] = 1;
        scenario.Push(new DeltaReceived(DateTimeOffset.UtcNow, new PresenceDelta("agent-2", null, PresenceSignal.NotReady, scenario.Now()), null));

        // Read after the subscription, so past the gap: Fresh, though the channel is not yet called Connected.
        var reread = await scenario.WaitForAgentAsync(
            p => p.State == AgentState.NotReady && p.Freshness == Freshness.Fresh, "agent-2", "the failed agent read again, Fresh");
        Assert.Equal(ChangeCause.Snapshot, reread.Cause);
        Assert.NotEqual(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);

        gate.SetResult();
        await Eventually.HoldsAsync(
            () => scenario.Connector.GetHealthAsync(), h => h.Connection == ChannelConnection.Connected, what: "the channel connected once every agent was read");
    }

    /// <summary>The channel connects again, and the connect's REST read (or those <paramref name="only"/> picks) waits for the gate returned.</summary>
    private static async Task<TaskCompletionSource> ConnectWithSlowReadAsync(Scenario scenario, Func<IReadOnlyCollection<string>, bool>? only = null)
    {
        var gate = scenario.Platform.SnapshotGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Platform.SnapshotGateOnly = only;
        var readsBefore = scenario.Platform.SnapshotRequests.Count;
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.SnapshotRequests.Count), c => c > readsBefore, what: "the connect snapshot asked");
        return gate;
    }

    /// <summary>An available agent on dev-a whose channel has just been lost.</summary>
    private async Task<Scenario> ReconnectingAsync()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.Online);
        await scenario.WaitForAgentAsync(p => p.Routable);
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "socket closed"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        return scenario;
    }
}
