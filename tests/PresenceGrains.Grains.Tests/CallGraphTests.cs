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
    public async Task Reads_and_deltas_pass_while_the_stream_refuses_publications_and_nothing_is_lost()
    {
        var scenario = await Scenario.StartAsync(Client, "agent-9", "softphone");
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(Client, PresenceStreams.TenantNamespace, scenario.TenantId);
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-9");
        await stream.WaitForAsync(p => p.State == AgentState.Available);
        var agent = scenario.Agent("agent-9");

        var refusedBefore = GrainCallRecorder.Refused;
        GrainCallRecorder.RefuseStreamWrites = true;
        try
        {
            scenario.Signal("softphone", PresenceSignal.OnCall, agentId: "agent-9");
            await Eventually.HoldsAsync(() => Task.FromResult(GrainCallRecorder.Refused - refusedBefore), n => n >= 3, what: "refused writes being retried");

            // The publication waits in the agent's outbox for as long as the stream refuses it; reads pass it, and so do
            // the next deltas: the agent applies them, only their publications queue behind.
            Assert.Equal((AgentState.OnCall, false), ((await agent.GetAsync()).State, await agent.IsRoutableAsync()));
            scenario.Signal("softphone", PresenceSignal.WrapUp, agentId: "agent-9");
            await Eventually.HoldsAsync(() => agent.GetAsync(), p => p.State == AgentState.WrapUp, what: "the next delta applied meanwhile");
            Assert.DoesNotContain(stream.Items, p => p.State is AgentState.OnCall or AgentState.WrapUp);
        }
        finally
        {
            GrainCallRecorder.RefuseStreamWrites = false;
        }

        // Nothing accepted is lost, and the agent's order is kept: once the stream takes writes again, both go out.
        var wrapUp = await stream.WaitForAsync(p => p.State == AgentState.WrapUp);
        var onCall = Assert.Single(stream.Items, p => p.State == AgentState.OnCall);
        Assert.True(onCall.Sequence < wrapUp.Sequence);
        var sequences = stream.Items.Select(p => p.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
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
