using Orleans.Core.Internal;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A connector activation that takes over a channel (after a failover, a graceful move or a restart) finds agents still
/// showing what the previous channel last told them; nobody keeps that current until its first snapshot.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectorTakeoverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Agents_show_reconnecting_and_unroutable_until_the_new_channels_first_snapshot()
    {
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client);
        scenario.Signal(null, PresenceSignal.Available);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh && p.Routable);

        // The next activation gets a platform that has not connected yet; the platform's truth meanwhile is Available.
        var next = ScriptedPlatforms.For(scenario.TenantId);
        next.Snapshots["agent-1"] = new AgentSnapshot(
            "agent-1", new SnapshotSource(PresenceSignal.Available, scenario.Now(1000)), [], DateTimeOffset.UtcNow);
        await scenario.Connector.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await scenario.Connector.GetHealthAsync();

        var during = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting, what: "the agent Reconnecting while the new channel connects");
        Assert.False(during.Routable);

        next.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        var after = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh, what: "the agent Fresh after the first snapshot");
        Assert.Equal(AgentState.Available, after.State);
        Assert.True(after.Routable);
    }
}
