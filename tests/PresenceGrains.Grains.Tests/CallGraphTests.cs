using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// Non-reentrant grains that await each other deadlock until the 30 s call timeout (design §6). These tests drive every
/// path between grains and check the calls actually made: no awaited call may lead back to its caller, and reads answer
/// while the same grain is busy writing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CallGraphTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task No_awaited_grain_call_leads_back_to_its_caller()
    {
        var scenario = await Scenario.StartAsync(Client, "agent-1", "softphone", "mobile");
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("softphone", PresenceSignal.OnCall);
        scenario.Signal("mobile", PresenceSignal.Online);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall);
        await Client.GetGrain<ITenantPresenceGrain>(scenario.TenantId).ListAsync(AgentFilter.All);
        await Eventually.HoldsAsync(() => scenario.Device("softphone").GetAsync(), d => d is not null, what: "the softphone's read");
        await scenario.Connector.GetHealthAsync();

        // A watch change while reads go on: the connector notifies the directory, which refills from storage.
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-1", ["softphone", "mobile"]), new WatchedAgent("agent-2", [])]));
        scenario.Push(new Platform.Events.ChannelStateChanged(scenario.Now(), Platform.ChannelState.Connected, null));
        await Eventually.HoldsAsync(() => Client.GetGrain<ITenantPresenceGrain>(scenario.TenantId).ListAsync(AgentFilter.All), l => l.Count == 2, what: "the refilled directory");

        // Silence past the device TTL (2 s here): the device grain's reminder asks the agent, which decays the devices.
        await scenario.WaitForAgentAsync(p => p.Cause == ChangeCause.Decay, what: "a device decay");

        var awaited = GrainCallRecorder.Calls.Keys.Where(c => !c.OneWay).ToList();
        Assert.Contains(awaited, c => c is { From: nameof(PlatformConnectorGrain), To: nameof(AgentGrain), Method: nameof(IAgentInbox.ApplyAsync) });
        Assert.Contains(GrainCallRecorder.Calls.Keys, c => c is { From: "DeviceGrain", To: nameof(AgentGrain), Method: nameof(IAgentInbox.CheckDeviceTtlAsync), OneWay: true });
        Assert.Contains(GrainCallRecorder.Calls.Keys, c => c is { From: nameof(AgentGrain), To: "DeviceGrain", OneWay: true });

        // The agent, where every delta lands, awaits no grain at all.
        Assert.DoesNotContain(awaited, c => c.From == nameof(AgentGrain));
        Assert.Null(FindCycle(awaited.Select(c => (c.From, c.To))));
    }

    [Fact]
    public async Task Reads_answer_while_the_same_agent_is_retrying_a_refused_publication()
    {
        var scenario = await Scenario.StartAsync(Client, "agent-9", "softphone");
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(
            Client, PresenceStreams.AgentNamespace, PresenceKeys.Compose(scenario.TenantId, "agent-9"));
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-9");
        await stream.WaitForAsync(p => p.State == AgentState.Available);

        var key = PresenceKeys.Compose(scenario.TenantId, "agent-9");
        GrainCallRecorder.RefusedStreamWrites[key] = 0;
        try
        {
            scenario.Signal("softphone", PresenceSignal.OnCall, agentId: "agent-9");
            await Eventually.HoldsAsync(() => Task.FromResult(GrainCallRecorder.RefusedStreamWrites[key]), n => n >= 3, what: "refused writes being retried");

            // The agent is inside its publication's retry loop, which lasts as long as the queue refuses; reads pass it.
            var agent = scenario.Agent("agent-9");
            var read = await agent.GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
            var routable = await agent.IsRoutableAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal((AgentState.OnCall, false), (read.State, routable));
            Assert.True(GrainCallRecorder.RefusedStreamWrites[key] >= 3);
        }
        finally
        {
            GrainCallRecorder.RefusedStreamWrites.TryRemove(key, out _);
        }

        // Nothing accepted is lost: once the queue takes writes again, the held publication goes out.
        await stream.WaitForAsync(p => p.State == AgentState.OnCall);
    }

    /// <summary>A cycle in the directed graph, as the path that closes it; null when there is none.</summary>
    private static string? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.Distinct().GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var state = new Dictionary<string, int>();
        var path = new Stack<string>();

        string? Visit(string node)
        {
            state[node] = 1;
            path.Push(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return string.Join(" -> ", path.Reverse().SkipWhile(n => n != to).Append(to));
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } cycle)
                {
                    return cycle;
                }
            }

            path.Pop();
            state[node] = 2;
            return null;
        }

        return next.Keys.ToList().Select(n => state.GetValueOrDefault(n) == 0 ? Visit(n) : null).FirstOrDefault(c => c is not null);
    }
}
