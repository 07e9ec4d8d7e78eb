using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// Reading a grain's stored state must not change what any other grain starts with. The grain storage serializer
/// populates objects it finds already in place, so a default shared between state instances would carry one grain's
/// stored values into every grain activated after it: one tenant's watched set into a new tenant's connector.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredStateTests(ClusterFixture fixture)
{
    private IGrainStorageSerializer Serializer =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void Reading_a_connectors_state_leaves_a_new_connector_watching_nothing()
    {
        var stored = new ConnectorGrainState { Watch = new WatchSet([new WatchedAgent("agent-of-tenant-a", ["dev-a"])]) };

        var read = Serializer.Deserialize<ConnectorGrainState>(Serializer.Serialize(stored))!;

        Assert.Equal("agent-of-tenant-a", Assert.Single(read.Watch.Agents).AgentId);
        Assert.Empty(new ConnectorGrainState().Watch.Agents);
    }

    [Fact]
    public void Reading_an_agents_state_leaves_a_new_agent_without_anomalies()
    {
        var stored = new AgentGrainState { Anomalies = new AgentAnomalies(3, 4, 5, 6, 7) };

        var read = Serializer.Deserialize<AgentGrainState>(Serializer.Serialize(stored))!;

        Assert.Equal(3, read.Anomalies.StaleDeltas);
        Assert.Equal(new AgentAnomalies(0, 0, 0, 0, 0), new AgentGrainState().Anomalies);
    }

    [Fact]
    public async Task A_new_tenants_connector_never_starts_with_another_tenants_watched_set()
    {
        var tenantA = await Scenario.StartAsync(fixture.Cluster.Client, "agent-of-tenant-a");

        // Re-activate tenant A's connector, so that its stored state is read back.
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal("agent-of-tenant-a", Assert.Single((await tenantA.Connector.GetWatchAsync()).Agents).AgentId);

        var tenantB = fixture.Cluster.Client.GetGrain<IPlatformConnectorGrain>("t-" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Empty((await tenantB.GetWatchAsync()).Agents);
    }
}
