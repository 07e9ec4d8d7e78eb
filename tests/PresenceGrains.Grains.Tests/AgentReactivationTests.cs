using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An agent activated again from storage after its silo died cannot know what it heard after its last write: it shows
/// that it is not Fresh until REST has re-read it, and what it publishes then outranks anything the previous activation
/// published, for readers that keep each agent's highest sequence. One collected when idle wrote everything as it went.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentReactivationTests(ClusterFixture fixture)
{
    private readonly StoredAgents _stored = new(fixture.Cluster);

    [Fact]
    public async Task An_agent_back_from_a_crash_is_not_fresh_until_reread_and_publishes_past_its_previous_sequences()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal("dev-a", PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh);

        // Collected, and its stored state made to look like a periodic write whose silo then died (no clean mark), so
        // the next call activates it from that; the new channel is not connected yet.
        await _stored.CollectAsync(scenario);
        await _stored.RewriteAsync(scenario, state => state.DeactivatedCleanly = false);
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

    [Fact]
    public async Task An_agent_collected_when_idle_comes_back_as_it_was_and_a_crash_after_that_does_not_trust_it()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal("dev-a", PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh && p.Routable);

        // A clean deactivation wrote everything it heard: nothing can have reached the agent since without activating it.
        await _stored.CollectAsync(scenario);
        var restored = await scenario.Agent().GetAsync();
        Assert.Equal(Freshness.Fresh, restored.Freshness);
        Assert.True(restored.Routable);
        Assert.Equal(AgentState.Available, restored.State);
        Assert.True(await scenario.Agent().IsRoutableAsync());

        // The new activation cleared the mark in storage before trusting it.
        Assert.False((await _stored.ReadAsync(scenario)).DeactivatedCleanly);
        Assert.True(restored.Sequence > before.Sequence);
    }

    [Theory]
    [InlineData(DeactivationReasonCode.DuplicateActivation, false)]
    [InlineData(DeactivationReasonCode.ApplicationError, false)]
    [InlineData(DeactivationReasonCode.DirectoryFailure, true)]
    public async Task An_agent_deactivated_out_of_order_asks_for_the_platform_s_word_and_a_duplicate_writes_nothing(DeactivationReasonCode reason, bool writes)
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);

        // A device signing in makes the agent call it, which shows the test the agent's activation.
        scenario.Signal("dev-a", PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh);
        var activation = await StoredAgents.ActivationAsync(scenario);
        await Eventually.HoldsAsync(() => _stored.TryReadAsync(scenario), s => s?.Published?.State == AgentState.Available, what: "the agent's state stored");
        scenario.Platform.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.NotReady, scenario.Now(1000)), [], DateTimeOffset.UtcNow);
        var asked = scenario.Platform.SnapshotRequests.Count;
        var gate = scenario.Platform.SnapshotGate = new TaskCompletionSource();

        // While a silo dies the runtime deactivates the loser of the grain directory's race (deltas it took since the other
        // activation started reached nobody) and activations whose directory entry died with it (another may have started
        // meanwhile). Nothing calls the agent here, so only the deactivation can ask.
        activation.Deactivate(new DeactivationReason(reason, "deactivated by the test"));
        await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.SnapshotRequests.Skip(asked).Any(r => r.Contains("agent-1"))), asked => asked,
            what: "a re-read of the agent asked for by its deactivation");
        // The platform's answer is held back: until it comes, nothing re-activates the agent to clear the mark.
        Assert.Equal(writes, (await _stored.ReadAsync(scenario)).DeactivatedCleanly);
        gate.SetResult();

        var reread = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady && p.Freshness == Freshness.Fresh, what: "the platform's word");
        Assert.False(reread.Routable);
    }

    [Fact]
    public async Task An_agent_whose_previous_activation_never_stored_still_publishes_past_it()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal("dev-a", PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available);
        await _stored.CollectAsync(scenario);

        // As if that activation's silo had died before its first write: nothing of it is stored.
        await _stored.ClearAsync(scenario);

        await scenario.Connector.GetHealthAsync();
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.NotReady);
        var after = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, what: "the agent NotReady in its new activation");
        Assert.True(after.Sequence > before.Sequence, $"sequence {after.Sequence} after {before.Sequence}");
    }
}
