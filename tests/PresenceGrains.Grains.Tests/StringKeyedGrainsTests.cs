using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Hosting;

namespace PresenceGrains.Grains.Tests;

/// <summary>A reference made without resolving the interface each time is the grain <c>GetGrain</c> names, and answers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StringKeyedGrainsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reference_is_the_grain_GetGrain_names_and_reaches_it()
    {
        var grains = fixture.Cluster.Client;
        var agents = new StringKeyedGrains<IAgentInbox>(grains);
        var key = PresenceKeys.Compose("t-" + Guid.NewGuid().ToString("N")[..12], "agent-1");

        var made = agents.Get(key);
        var named = grains.GetGrain<IAgentInbox>(key);

        Assert.Equal(named.GetGrainId(), made.GetGrainId());
        Assert.Equal(named, made);
        Assert.NotEqual(grains.GetGrain<IAgentInbox>(key + "x").GetGrainId(), made.GetGrainId());
        var answer = await made.AsReference<IAgentPresenceGrain>().GetAsync();
        Assert.Equal(key, PresenceKeys.Compose(answer.TenantId, answer.AgentId));
    }
}
