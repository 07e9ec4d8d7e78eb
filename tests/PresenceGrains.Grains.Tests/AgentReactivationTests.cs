using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
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
    [Fact]
    public async Task An_agent_back_from_a_crash_is_not_fresh_until_reread_and_publishes_past_its_previous_sequences()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal(null, PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh);

        // Collected, and its stored state made to look like a periodic write whose silo then died (no clean mark), so
        // the next call activates it from that; the new channel is not connected yet.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await RewriteStoredAsync(scenario, state => state.DeactivatedCleanly = false);
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
        scenario.Signal(null, PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh && p.Routable);

        // A clean deactivation wrote everything it heard: nothing can have reached the agent since without activating it.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.True((await ReadStoredAsync(scenario)).DeactivatedCleanly);
        var restored = await scenario.Agent().GetAsync();
        Assert.Equal(Freshness.Fresh, restored.Freshness);
        Assert.True(restored.Routable);
        Assert.Equal(AgentState.Available, restored.State);
        Assert.True(await scenario.Agent().IsRoutableAsync());

        // The new activation cleared the mark in storage before trusting it.
        Assert.False((await ReadStoredAsync(scenario)).DeactivatedCleanly);
        Assert.True(restored.Sequence > before.Sequence);
    }

    private async Task<AgentGrainState> ReadStoredAsync(Scenario scenario)
    {
        var stored = new GrainState<AgentGrainState>();
        await Storage().ReadStateAsync("agent", scenario.Agent().GetGrainId(), stored);
        Assert.True(stored.RecordExists);
        return Assert.IsType<AgentGrainState>(stored.State);
    }

    private async Task RewriteStoredAsync(Scenario scenario, Action<AgentGrainState> change)
    {
        var stored = new GrainState<AgentGrainState>();
        var grainId = scenario.Agent().GetGrainId();
        await Storage().ReadStateAsync("agent", grainId, stored);
        change(Assert.IsType<AgentGrainState>(stored.State));
        await Storage().WriteStateAsync("agent", grainId, stored);
    }

    private IGrainStorage Storage() =>
        Assert.IsType<InProcessSiloHandle>(fixture.Cluster.Primary).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Presence);

    [Fact]
    public async Task An_agent_whose_previous_activation_never_stored_still_publishes_past_it()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal(null, PresenceSignal.Available);
        var before = await scenario.WaitForAgentAsync(p => p.State == AgentState.Available);
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // As if that activation's silo had died before its first write: nothing of it is stored.
        var storage = Assert.IsType<InProcessSiloHandle>(fixture.Cluster.Primary).SiloHost.Services
            .GetRequiredKeyedService<IGrainStorage>(StorageNames.Presence);
        var grainId = scenario.Agent().GetGrainId();
        var stored = new GrainState<AgentGrainState>();
        await storage.ReadStateAsync("agent", grainId, stored);
        Assert.True(stored.RecordExists);
        await storage.ClearStateAsync("agent", grainId, stored);

        await scenario.Connector.GetHealthAsync();
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.NotReady);
        var after = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, what: "the agent NotReady in its new activation");
        Assert.True(after.Sequence > before.Sequence, $"sequence {after.Sequence} after {before.Sequence}");
    }
}
