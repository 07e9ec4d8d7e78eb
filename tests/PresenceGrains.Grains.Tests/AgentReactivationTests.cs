using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An agent activated again from storage (its silo died, or it was collected) cannot know what it heard after its last
/// write: it shows that it is not Fresh until REST has re-read it, and what it publishes then outranks anything the
/// previous activation published, for readers that keep each agent's highest sequence.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentReactivationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reactivated_agent_is_not_fresh_until_reread_and_publishes_past_its_previous_sequences()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal(null, PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh);

        // Collected, so the next call activates it from its stored state; the new channel is not connected yet.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var restored = await scenario.Agent().GetAsync();
        Assert.NotEqual(Freshness.Fresh, restored.Freshness);
        Assert.False(restored.Routable);
        Assert.True(restored.Sequence > before.Sequence + AgentStateMapper.SequenceReserve,
            $"sequence {restored.Sequence} after {before.Sequence}");

        // The platform changed meanwhile; the re-read it asked for brings that in once the channel is back.
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(1000)), [], DateTimeOffset.UtcNow);
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        var reread = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh, what: "the agent Fresh after its re-read");
        Assert.Equal(AgentState.NotReady, reread.State);
        Assert.True(reread.Sequence > restored.Sequence);
    }
}
