using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A publication from another activation of an agent (a duplicate that lost the grain directory's race, or one on a silo
/// that died) with a sequence past the live activation's: every subscriber keeps each agent's highest sequence, so the
/// live agent's publications were ignored until they passed it, and the list showed the other activation's state. Seen in
/// `chaos` as agents listed wrong for minutes while their own grains held the truth. The directory notices it from the
/// publication the agent answers the connector with, or from a read, and asks the agent to publish again past it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OutrankedAgentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_agent_outranked_by_another_activation_publishes_again_past_it_on_its_next_delta()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.PublicationsOutranked, PresenceMetrics.DeltaLatency);
        var (scenario, published, directory, other) = await OutrankedAsync();
        var latencies = recorder.Of(PresenceMetrics.DeltaLatency, scenario.TenantId).Count;
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(fixture.Cluster.Client, PresenceStreams.TenantNamespace, scenario.TenantId);

        // A delta that changes nothing publishes nothing: only the publication the agent answers the connector with tells.
        scenario.Signal(null, PresenceSignal.Available);

        var listed = await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Single().Sequence > other.Sequence, what: "the live agent listed past the other activation");
        Assert.Equal((AgentState.Available, true, Freshness.Fresh), (listed.Single().State, listed.Single().Routable, listed.Single().Freshness));
        var again = await stream.WaitForAsync(p => p.Sequence > other.Sequence);
        Assert.Equal(published with { Sequence = again.Sequence, Devices = again.Devices }, again);
        Assert.True(recorder.Of(PresenceMetrics.PublicationsOutranked, scenario.TenantId).Sum(r => r.Value) >= 1);

        // A repeat is no change: the latency from the platform's stamp to it would be the time since the change.
        Assert.Equal(latencies, recorder.Of(PresenceMetrics.DeltaLatency, scenario.TenantId).Count);
        Assert.True(latencies > 0);
    }

    [Fact]
    public async Task An_agent_outranked_by_another_activation_publishes_again_past_it_when_the_directory_reads_it()
    {
        var (scenario, _, directory, other) = await OutrankedAsync();

        // The connector could not reach the agent: the directory reads it, and finds it behind what is listed.
        await fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId).UnreachableAsync(["agent-1"]);

        var listed = await Eventually.HoldsAsync(
            () => directory.ListAsync(new AgentFilter(Routable: true)), l => l.Count == 1 && l[0].Sequence > other.Sequence, what: "the live agent listed past the other activation");
        Assert.Equal(AgentState.Available, listed.Single().State);
    }

    [Fact]
    public async Task An_agent_whose_own_later_publication_came_before_the_connectors_notice_is_not_asked_to_publish_again()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.PublicationsOutranked);
        var (scenario, _, directory, other) = await OutrankedAsync();
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent("agent-1", ["dev-a", "dev-b"]), new WatchedAgent("agent-2", [])]));
        scenario.Push(new Platform.Events.ChannelStateChanged(scenario.Now(), Platform.ChannelState.Connected, null));
        scenario.Signal(null, PresenceSignal.Available, agentId: "agent-2");
        var own = await scenario.WaitForAgentAsync(p => p.Routable, "agent-2", "agent-2 routable");
        await Eventually.HoldsAsync(() => directory.ListAsync(AgentFilter.All), l => l.Any(p => p.AgentId == "agent-2" && p.Sequence == own.Sequence), what: "agent-2 listed");

        // agent-2's notice is older than what is listed, but what is listed is its own: a read shows it. agent-1's shows
        // another activation's, and agent-2 is read in the same look as agent-1 or an earlier one.
        var inbox = fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId);
        await inbox.AnsweredAsync([own with { Sequence = own.Sequence - 1 }]);
        await inbox.AnsweredAsync([await scenario.Inbox().GetPublishedAsync()]);

        await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Single(p => p.AgentId == "agent-1").Sequence > other.Sequence, what: "agent-1 listed past the other activation");
        Assert.Equal(own.Sequence, (await directory.ListAsync(AgentFilter.All)).Single(p => p.AgentId == "agent-2").Sequence);
        Assert.Equal(own.Sequence, (await scenario.Agent("agent-2").GetAsync()).Sequence);
        Assert.Equal(1, recorder.Of(PresenceMetrics.PublicationsOutranked, scenario.TenantId).Sum(r => r.Value));
    }

    /// <summary>
    /// An available agent, and on its tenant's stream a publication of another activation of it, on a call, past its
    /// sequence: the directory lists that one.
    /// </summary>
    private async Task<(Scenario Scenario, AgentPresence Published, ITenantPresenceGrain Directory, AgentPresence Other)> OutrankedAsync()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);

        var other = published with { State = AgentState.OnCall, Routable = false, Sequence = published.Sequence + 1_000 };
        await fixture.Cluster.Client.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, scenario.TenantId))
            .OnNextAsync(other);
        await Eventually.HoldsAsync(() => directory.ListAsync(AgentFilter.All), l => l.Single().Sequence == other.Sequence, what: "the other activation's publication listed");
        Assert.Equal(published.Sequence, (await scenario.Agent().GetAsync()).Sequence);
        return (scenario, published, directory, other);
    }
}
