using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A call from the connector to one agent fails (a timeout, an activation that failed on storage): the channel goes on for
/// every other agent, and the failed one is read again from REST. It used to end the event loop until the keep-alive
/// reminder a minute later, losing the failed agent's deltas.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailedCallTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task An_agent_whose_delta_call_fails_is_read_again_from_REST_while_the_channel_goes_on_for_the_others()
    {
        var scenario = await Scenario.StartAsync(Client);
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-1", ["dev-a"]), new WatchedAgent("agent-2", ["dev-c"])]));
        scenario.Push(new ChannelStateChanged(scenario.Now(), ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-2");
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available, "agent-2");
        var runs = scenario.Platform.Runs;

        // The platform's truth for agent-2 moves on while the call carrying its delta fails.
        GrainCallRecorder.FailCallsTo[PresenceKeys.Compose(scenario.TenantId, "agent-2")] = 1;
        scenario.Platform.Snapshots["agent-2"] = new AgentSnapshot(
            "agent-2", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(100)), [], scenario.Now());
        scenario.Push(new DeltaReceived(DateTimeOffset.UtcNow, new PresenceDelta("agent-2", null, PresenceSignal.NotReady, scenario.Now()), null));
        scenario.Push(new DeltaReceived(DateTimeOffset.UtcNow, new PresenceDelta("agent-1", null, PresenceSignal.NotReady, scenario.Now(10)), null));

        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, "agent-1", "the other agent of the batch");
        var repaired = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, "agent-2", "the failed agent, from REST");
        Assert.Equal(ChangeCause.Snapshot, repaired.Cause);
        Assert.Contains(scenario.Platform.SnapshotRequests, r => r.SequenceEqual(["agent-2"]));
        Assert.Equal(0, GrainCallRecorder.FailCallsTo[PresenceKeys.Compose(scenario.TenantId, "agent-2")]);

        // The channel never stopped: the same run goes on and takes the next delta.
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-1");
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available, "agent-1", "a delta after the failure");
        Assert.Equal(runs, scenario.Platform.Runs);
        Assert.Equal(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);
    }

    [Fact]
    public async Task An_agent_whose_snapshot_call_fails_at_connect_is_read_again_and_the_others_are_seeded()
    {
        var scenario = await Scenario.StartAsync(Client);
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-1", ["dev-a"]), new WatchedAgent("agent-2", ["dev-c"])]));
        foreach (var agent in new[] { "agent-1", "agent-2" })
        {
            scenario.Platform.Snapshots[agent] = new AgentSnapshot(agent, new SnapshotSource(PresenceSignal.NotReady, scenario.Now(10)), [], scenario.Now());
        }

        GrainCallRecorder.FailCallsTo[PresenceKeys.Compose(scenario.TenantId, "agent-2")] = 1;
        scenario.Push(new ChannelStateChanged(scenario.Now(), ChannelState.Connected, null));

        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady && p.Cause == ChangeCause.Snapshot, "agent-1", "agent-1 seeded");
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady && p.Cause == ChangeCause.Snapshot, "agent-2", "agent-2 seeded on the retry");
        Assert.Contains(scenario.Platform.SnapshotRequests, r => r.SequenceEqual(["agent-2"]));
        Assert.Equal(ChannelConnection.Connected, (await scenario.Connector.GetHealthAsync()).Connection);
    }
}
