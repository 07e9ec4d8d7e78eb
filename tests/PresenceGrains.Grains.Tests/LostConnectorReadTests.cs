using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// Reads served by a silo that has lost its tenant's connector: the agent's own reads and the tenant directory's list
/// stop showing the agent routable at once, though nothing was published, and show it again once the channel is back.
/// And an agent the connector could not reach (its silo died) is not listed routable until it answers again, and a
/// publication lost in the stream is listed from what the agent answered the connector.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LostConnectorReadTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Reads_on_a_silo_that_lost_the_connector_show_Reconnecting_and_not_routable_until_it_is_connected_again()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        var pulse = Assert.IsType<InProcessSiloHandle>(fixture.Cluster.Primary).SiloHost.Services.GetRequiredService<ConnectorPulse>();

        pulse.Renew(scenario.TenantId, ChannelConnection.Connected, "silo-a", Lease);
        pulse.Lapse(scenario.TenantId);

        var shown = await scenario.Agent().GetAsync();
        Assert.Equal(published with { Freshness = Freshness.Reconnecting, Routable = false }, shown with { Devices = published.Devices });
        Assert.False(await scenario.Agent().IsRoutableAsync());
        Assert.Empty(await directory.ListAsync(new AgentFilter(Routable: true)));
        var listed = Assert.Single(await directory.ListAsync(new AgentFilter(Routable: false)));
        Assert.Equal((AgentState.Available, Freshness.Reconnecting), (listed.State, listed.Freshness));

        pulse.Renew(scenario.TenantId, ChannelConnection.Reconnecting, "silo-a", Lease);
        Assert.False(await scenario.Agent().IsRoutableAsync());

        pulse.Renew(scenario.TenantId, ChannelConnection.Connected, "silo-a", Lease);
        Assert.True(await scenario.Agent().IsRoutableAsync());
        Assert.Equal(published.Sequence, (await scenario.Agent().GetAsync()).Sequence);
        Assert.Single(await directory.ListAsync(new AgentFilter(Routable: true)));
    }

    [Fact]
    public async Task A_channel_its_connector_closed_shows_no_agent_routable_until_the_connector_answers_connected()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        var pulses = fixture.Cluster.Silos.Select(s => Assert.IsType<InProcessSiloHandle>(s).SiloHost.Services.GetRequiredService<ConnectorPulse>()).ToList();
        pulses.ForEach(p => p.Renew(scenario.TenantId, ChannelConnection.Connected, "silo-a", Lease));
        Assert.Single(await directory.ListAsync(new AgentFilter(Routable: true)));

        // One-way, as the connector sends it when it deactivates with its channel open (a move to another silo).
        await fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId).ChannelClosedAsync();
        var closed = await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Single().Freshness == Freshness.Reconnecting, what: "the agent listed Reconnecting");
        Assert.Equal((published.Sequence, false), (closed.Single().Sequence, closed.Single().Routable));

        // The moved connector's first answers say Connecting, then Connected once its snapshot is done.
        pulses.ForEach(p => p.Renew(scenario.TenantId, ChannelConnection.Connecting, "silo-b", Lease));
        Assert.Empty(await directory.ListAsync(new AgentFilter(Routable: true)));
        pulses.ForEach(p => p.Renew(scenario.TenantId, ChannelConnection.Connected, "silo-b", Lease));
        Assert.Equal(published, Assert.Single(await directory.ListAsync(new AgentFilter(Routable: true))));
    }

    [Fact]
    public async Task An_agent_the_connector_could_not_reach_is_listed_not_routable_until_the_connector_reaches_it_again()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        var reads = (From: nameof(TenantPresenceGrain), To: nameof(AgentGrain), Method: nameof(IAgentInbox.GetPublishedAsync), OneWay: false);
        var readsBefore = GrainCallRecorder.Calls.GetValueOrDefault(reads);

        // One-way, as the connector sends it; the list shows it at once.
        await fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId).UnreachableAsync(["agent-1"]);
        var unreachable = await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Single().Freshness == Freshness.Reconnecting, what: "the agent listed Reconnecting");
        Assert.Equal(published.Sequence, unreachable.Single().Sequence);
        Assert.False(unreachable.Single().Routable);

        // The directory reads it and it answers as it was, without what the failed call carried: still not routable.
        await Eventually.HoldsAsync(() => Task.FromResult(GrainCallRecorder.Calls.GetValueOrDefault(reads)), n => n > readsBefore, what: "the directory's read of the agent");
        Assert.Empty(await directory.ListAsync(new AgentFilter(Routable: true)));

        // A delta that changes nothing: the agent answers the connector, which reached it.
        scenario.Signal(null, PresenceSignal.Available);
        var back = await Eventually.HoldsAsync(
            () => directory.ListAsync(new AgentFilter(Routable: true)), l => l.Count == 1, what: "the agent listed routable once the connector reached it");
        Assert.Equal((AgentState.Available, Freshness.Fresh, published.Sequence), (back.Single().State, back.Single().Freshness, back.Single().Sequence));
    }

    [Fact]
    public async Task A_publication_the_stream_lost_is_listed_from_the_agents_answer_to_the_connector()
    {
        using var recorder = new MeasurementRecorder(PresenceMetrics.PublicationsReadBack);
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);

        // The queue takes the publication and never delivers it, as one on a silo that stopped or died does: only the
        // agent's answer to the connector brings it to the directory.
        var droppedBefore = GrainCallRecorder.Dropped;
        GrainCallRecorder.DropStreamWrites = true;
        try
        {
            scenario.Signal(null, PresenceSignal.NotReady);
            var notReady = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady, what: "the agent not ready");
            // The agent answers before its outbox writes to the stream, so the drop is awaited, not assumed.
            await Eventually.HoldsAsync(() => Task.FromResult(GrainCallRecorder.Dropped), d => d > droppedBefore, what: "the publication dropped");

            var listed = await Eventually.HoldsAsync(
                () => directory.ListAsync(AgentFilter.All), l => l.Single().State == AgentState.NotReady, what: "not ready listed without the stream");
            Assert.Equal(notReady with { Freshness = listed.Single().Freshness }, listed.Single());
            Assert.True(notReady.Sequence > published.Sequence);
            Assert.Empty(await directory.ListAsync(new AgentFilter(Routable: true)));
        }
        finally
        {
            GrainCallRecorder.DropStreamWrites = false;
        }

        // Taken as answered, not read from the agent.
        Assert.Equal(0, recorder.Of(PresenceMetrics.PublicationsReadBack, scenario.TenantId).Sum(r => r.Value));
    }
}
