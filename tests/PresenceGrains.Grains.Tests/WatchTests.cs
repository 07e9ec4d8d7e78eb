using PresenceGrains.Grains.Watch;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WatchTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Changing_the_watch_set_resubscribes_with_exactly_the_new_agents_and_devices()
    {
        var scenario = await Scenario.StartAsync(Client);
        await Eventually.HoldsAsync(() => Task.FromResult(scenario.Platform.Subscription), s => s is not null);
        var runsBefore = scenario.Platform.Runs;

        await scenario.Connector.SetWatchAsync(new WatchSet([
            new WatchedAgent("agent-1", ["dev-a"]),
            new WatchedAgent("agent-2", ["dev-c", "dev-d"]),
        ]));

        var subscription = await Eventually.HoldsAsync(
            () => Task.FromResult(scenario.Platform.Subscription), _ => scenario.Platform.Runs > runsBefore, what: "a new subscription");
        Assert.Equal(["agent-1", "agent-2"], subscription!.AgentIds.Order());
        Assert.Equal(["dev-a", "dev-c", "dev-d"], subscription.DeviceIds.Order());
        Assert.Equal(2, (await scenario.Connector.GetWatchAsync()).Agents.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dup")]
    [InlineData("bad\nid")]
    [InlineData("no-devices")]
    public async Task A_bad_watch_set_is_refused_and_changes_nothing(string kind)
    {
        var scenario = await Scenario.StartAsync(Client);
        var before = await scenario.Connector.GetWatchAsync();
        var bad = kind switch
        {
            "dup" => new WatchSet([new WatchedAgent("x", []), new WatchedAgent("x", [])]),
            "no-devices" => new WatchSet([new WatchedAgent("x", null!)]),
            _ => new WatchSet([new WatchedAgent(kind, [])]),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scenario.Connector.SetWatchAsync(bad));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before.Agents.Select(a => a.AgentId), (await scenario.Connector.GetWatchAsync()).Agents.Select(a => a.AgentId));
    }

    [Fact]
    public async Task The_tenant_directory_lists_and_filters_agents_and_keeps_tenants_apart()
    {
        var scenario = await Scenario.StartAsync(Client);
        await scenario.Connector.SetWatchAsync(new WatchSet([
            new WatchedAgent("agent-1", ["dev-a"]),
            new WatchedAgent("agent-2", ["dev-b"]),
        ]));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-1");
        scenario.Signal(null, PresenceSignal.NotReady, agentId: "agent-2");
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, agentId: "agent-2");

        var directory = Client.GetGrain<ITenantPresenceGrain>(scenario.TenantId);
        var all = await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Count == 2 && l.Any(p => p.Routable) && l.Any(p => p.State == AgentState.NotReady));
        Assert.Equal(["agent-1", "agent-2"], all.Select(p => p.AgentId));
        var routable = await directory.ListAsync(new AgentFilter(Routable: true));
        Assert.Equal("agent-1", Assert.Single(routable).AgentId);
        var notReady = await directory.ListAsync(new AgentFilter(State: AgentState.NotReady));
        Assert.Equal("agent-2", Assert.Single(notReady).AgentId);

        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-2", ["dev-b"])]));
        Assert.Equal(["agent-2"], (await directory.ListAsync(AgentFilter.All)).Select(p => p.AgentId));

        var other = await Scenario.StartAsync(Client);
        Assert.Empty(await Client.GetGrain<ITenantPresenceGrain>(other.TenantId).ListAsync(new AgentFilter(State: AgentState.NotReady)));
    }

    [Fact]
    public async Task A_large_watched_set_is_stored_in_chunks_and_a_new_one_replaces_it_whole()
    {
        var tenantId = "t-" + Guid.NewGuid().ToString("N")[..12];
        var large = new WatchSet([.. Enumerable.Range(0, 2_500).Select(i => new WatchedAgent($"agent-{i:D5}", [$"soft-{i}", $"mobile-{i}", $"desk-{i}"]))]);

        var first = await WatchStore.WriteAsync(Client, tenantId, large);
        var (head, read) = await WatchStore.ReadAsync(Client, tenantId);

        Assert.Equal(new WatchHead(1, 3, 2_500, 7_500), first);
        Assert.Equal(first, head);
        Assert.Equal(large.Agents.Select(a => (a.AgentId, string.Join(",", a.DeviceIds))), read.Agents.Select(a => (a.AgentId, string.Join(",", a.DeviceIds))));
        var firstChunk = Client.GetGrain<IWatchChunkGrain>(PresenceKeys.Compose(tenantId, "1/0"));
        Assert.Equal(WatchStore.ChunkSize, (await firstChunk.ReadAsync()).Length);

        var small = new WatchSet([new WatchedAgent("agent-x", ["soft-x"])]);
        var second = await WatchStore.WriteAsync(Client, tenantId, small);

        Assert.Equal(new WatchHead(2, 1, 1, 1), second);
        Assert.Equal(["agent-x"], (await WatchStore.ReadAsync(Client, tenantId)).Set.Agents.Select(a => a.AgentId));
        Assert.Empty(await firstChunk.ReadAsync());
    }
}
