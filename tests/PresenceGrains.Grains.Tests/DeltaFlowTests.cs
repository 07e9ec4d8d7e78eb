using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DeltaFlowTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Deltas_flow_through_device_and_agent_grains_onto_both_streams()
    {
        var scenario = await Scenario.StartAsync(Client);
        await using var agentStream = await StreamProbe<AgentPresence>.SubscribeAsync(
            Client, PresenceStreams.TenantNamespace, scenario.TenantId);
        await using var tenantStream = await StreamProbe<AgentPresence>.SubscribeAsync(Client, PresenceStreams.TenantNamespace, scenario.TenantId);

        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.Online);

        // Becoming routable is a permissive change: it shows after the hold window.
        var available = await scenario.WaitForAgentAsync(
            p => p.Routable && p.Devices.Any(d => d.DeviceId == "dev-a" && d.State == DeviceState.Online), what: "the device reported");
        Assert.Equal(AgentState.Available, available.State);
        Assert.True(available.Routable);
        Assert.Equal(Freshness.Fresh, available.Freshness);

        scenario.Signal("dev-a", PresenceSignal.Ringing);
        var onCall = await agentStream.WaitForAsync(p => p.State == AgentState.OnCall);
        Assert.False(onCall.Routable);
        Assert.Equal(ChangeCause.Delta, onCall.Cause);
        await tenantStream.WaitForAsync(p => p.Sequence == onCall.Sequence && p.AgentId == "agent-1");

        var sequences = agentStream.Items.Select(p => p.Sequence).ToList();
        Assert.Equal(sequences.Order().Distinct(), sequences);
        Assert.True(await scenario.Agent().IsRoutableAsync() is false);
    }

    [Fact]
    public async Task Stale_and_duplicate_deltas_change_nothing_and_are_counted()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.NotReady, advanceMs: 1000);
        var notReady = await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady);

        // Older than the cached user level: discarded. Same stamp and state: a duplicate.
        scenario.Push(new Platform.Events.DeltaReceived(DateTimeOffset.UtcNow,
            new PresenceDelta("agent-1", null, PresenceSignal.Available, scenario.Now() - TimeSpan.FromMilliseconds(500)), null));
        scenario.Push(new Platform.Events.DeltaReceived(DateTimeOffset.UtcNow,
            new PresenceDelta("agent-1", null, PresenceSignal.NotReady, scenario.Now()), null));

        var anomalies = await Eventually.HoldsAsync(scenario.AnomaliesAsync, a => a.StaleDeltas == 1 && a.Duplicates == 1);
        Assert.Equal(1, anomalies.StaleDeltas);
        var after = await scenario.Agent().GetAsync();
        Assert.Equal(notReady.Sequence, after.Sequence);
        Assert.Equal(AgentState.NotReady, after.State);
    }

    [Fact]
    public async Task Softphone_handoff_inversion_is_never_published_as_available()
    {
        var scenario = await Scenario.StartAsync(Client, "agent-1", "softphone", "mobile");
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(
            Client, PresenceStreams.TenantNamespace, scenario.TenantId);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("softphone", PresenceSignal.OnCall);
        scenario.Signal("mobile", PresenceSignal.Online);
        await stream.WaitForAsync(p => p.State == AgentState.OnCall);

        // Seed edge case 1: the call moves to the mobile; the softphone reports available before the mobile reports onCall.
        scenario.Signal("softphone", PresenceSignal.Available, advanceMs: 2000);

        // Both devices' deltas reach the one agent grain in order, whether in one batch or two.
        scenario.Signal("mobile", PresenceSignal.OnCall, advanceMs: 120);

        // The raise cancels the held lowering; once it is counted there is nothing left pending to publish.
        await Eventually.HoldsAsync(scenario.AnomaliesAsync, a => a.InversionsHeld >= 1, what: "the inversion held");
        var final = await scenario.WaitForAgentAsync(p => p.Devices.Any(d => d.DeviceId == "mobile" && d.State == DeviceState.OnCall));
        Assert.Equal(AgentState.OnCall, final.State);
        Assert.DoesNotContain(stream.Items.SkipWhile(p => p.State != AgentState.OnCall), p => p.State == AgentState.Available || p.Routable);
    }

    [Fact]
    public async Task A_device_reads_as_its_agent_resolved_it()
    {
        var scenario = await Scenario.StartAsync(Client, "agent-1", "softphone", "mobile");
        Assert.Null(await scenario.Device("softphone").GetAsync());
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("softphone", PresenceSignal.OnCall);
        scenario.Signal("mobile", PresenceSignal.Offline);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall && p.Devices.Count == 2);

        var softphone = await Eventually.HoldsAsync(() => scenario.Device("softphone").GetAsync(), d => d is not null, what: "the softphone told of its agent");
        Assert.Equal(("agent-1", DeviceState.OnCall, true, Freshness.Fresh), (softphone!.AgentId, softphone.State, softphone.Reachable, softphone.Freshness));
        var mobile = await Eventually.HoldsAsync(() => scenario.Device("mobile").GetAsync(), d => d is not null, what: "the mobile told of its agent");
        Assert.Equal((DeviceState.Offline, false), (mobile!.State, mobile.Reachable));
    }

    [Fact]
    public async Task A_lowering_is_published_after_the_hold_window()
    {
        var scenario = await Scenario.StartAsync(Client);
        await using var stream = await StreamProbe<AgentPresence>.SubscribeAsync(
            Client, PresenceStreams.TenantNamespace, scenario.TenantId);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        var onCall = await stream.WaitForAsync(p => p.State == AgentState.OnCall);

        var sentAt = DateTimeOffset.UtcNow;
        scenario.Signal("dev-a", PresenceSignal.Online, advanceMs: 30_000);
        var available = await stream.WaitForAsync(p => p.State == AgentState.Available && p.Sequence > onCall.Sequence);

        Assert.True(available.Routable);
        Assert.True(DateTimeOffset.UtcNow - sentAt >= TimeSpan.FromMilliseconds(450), "a lowering must wait out the hold window");
    }
}
