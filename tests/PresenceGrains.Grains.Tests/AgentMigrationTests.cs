using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A silo shutting down migrates its activations: Orleans hands the next activation the grain's state as it is in
/// memory, after the grain's own deactivation, without a read from storage. An agent that let go of its state after
/// writing it arrived empty and published Offline (`chaos`, rolling restart: 2,097 false Offline reads).
/// </summary>
public sealed class AgentMigrationTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    [Fact]
    public async Task An_agent_moved_to_another_silo_arrives_with_its_devices_and_state()
    {
        var key = PresenceKeys.Compose("migration", "agent-1");
        var inbox = fixture.Cluster.Client.GetGrain<IAgentInbox>(key);
        var agent = fixture.Cluster.Client.GetGrain<IAgentPresenceGrain>(key);
        var now = DateTimeOffset.UtcNow;
        await inbox.ApplyAsync(
        [
            new SignalInput("dev-a", DeviceState.Available, now, null, now),
            new SignalInput("dev-b", DeviceState.OnCall, now.AddMilliseconds(1), null, now),
        ]);
        var before = await inbox.GetPublishedAsync();
        Assert.Equal(AgentState.OnCall, before.State);

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var from = await management.GetActivationAddress(agent);
        Assert.NotNull(from);
        var to = fixture.Cluster.Silos.Select(s => s.SiloAddress).Single(s => !s.Equals(from));

        RequestContext.Set(IPlacementDirector.PlacementHintKey, to);
        try
        {
            await agent.AsReference<IGrainManagementExtension>().MigrateOnIdle();
        }
        finally
        {
            RequestContext.Clear();
        }

        await Eventually.HoldsAsync(async () => await management.GetActivationAddress(agent), at => to.Equals(at), what: "the agent on the other silo");
        var after = await inbox.GetPublishedAsync();
        Assert.Equal(AgentState.OnCall, after.State);
        Assert.Equal(["dev-a", "dev-b"], after.Devices.Select(d => d.DeviceId).Order());
        Assert.True(after.Sequence >= before.Sequence, $"sequence {after.Sequence} after {before.Sequence}");
    }
}
