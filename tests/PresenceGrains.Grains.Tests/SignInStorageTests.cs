using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An agent restored after its silo died shows what it had stored until the platform re-reads it. A sign-in or sign-out
/// of an agent with a stored state is stored at once, so that a restored agent is never shown Offline because it signed
/// in a persist interval before the crash; other changes, and an agent's first sign-in (a tenant seeding), wait for the
/// periodic write (no storage per delta).
/// </summary>
public sealed class SignInStorageTests(RarePersistClusterFixture fixture) : IClassFixture<RarePersistClusterFixture>
{
    private readonly StoredAgents _stored = new(fixture.Cluster);

    [Fact]
    public async Task A_sign_out_and_a_sign_in_are_stored_at_once_and_other_changes_wait_for_the_interval()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal("dev-a", PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available, what: "the agent signed in");

        // Collected when idle: its last write is what the next activation starts from. Its first sign-in, with nothing
        // stored before, wrote nothing of its own: the collection's is its only write.
        await _stored.CollectAsync(scenario);
        Assert.Equal(1, _stored.WritesOf(scenario));

        // Activated again (clearing the clean mark is a write), then a change between signed-in levels: no write of its own.
        scenario.Signal("dev-a", PresenceSignal.NotReady);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, what: "the agent NotReady");

        scenario.Signal("dev-a", PresenceSignal.Offline);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Offline, what: "the agent signed out");
        await Eventually.HoldsAsync(() => _stored.TryReadAsync(scenario), s => s?.Published?.State == AgentState.Offline,
            what: $"the sign-out stored within the test, the periodic write being {RarePersistClusterFixture.PersistInterval} away");

        // One grain's writes go one at a time, so the NotReady's would have ended before the sign-out's.
        Assert.Equal(3, _stored.WritesOf(scenario));

        scenario.Signal("dev-a", PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available, what: "the agent signed in again");
        await Eventually.HoldsAsync(() => _stored.TryReadAsync(scenario), s => s?.Published?.State == AgentState.Available, what: "the sign-in stored");
    }

    [Fact]
    public async Task Each_write_stores_the_whole_agent_although_the_grain_lets_go_of_what_it_wrote_before()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal("dev-a", PresenceSignal.Available);
        scenario.Signal("dev-b", PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Devices.Count == 2, what: "the agent signed in on two devices");
        await _stored.CollectAsync(scenario);

        // Activated again (its first write clears the clean mark), then a sign-out: the third write, stored at once.
        scenario.Signal("dev-a", PresenceSignal.Offline);
        scenario.Signal("dev-b", PresenceSignal.Offline);
        var signedOut = await scenario.WaitForAgentAsync(p => p.State == AgentState.Offline, what: "the agent signed out");
        var stored = await Eventually.HoldsAsync(
            () => _stored.TryReadAsync(scenario), s => s?.Published?.State == AgentState.Offline, what: "the sign-out stored");

        Assert.Equal(3, _stored.WritesOf(scenario));
        Assert.Equal(signedOut.Sequence, stored!.Published!.Sequence);
        Assert.Equal(["dev-a", "dev-b"], stored.Devices.Select(d => d.DeviceId).Order());
        Assert.All(stored.Devices, d => Assert.Equal(DeviceState.Offline, d.State));
        Assert.Equal(Freshness.Fresh, stored.Freshness);
    }
}
