using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>Decay runs on reminders (TTL 2 s, reminder period 1 s in this cluster).</summary>
[Collection(ClusterCollection.Name)]
public sealed class DecayTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task A_silent_device_decays_to_offline_from_its_reminder()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.Online);
        await scenario.WaitForAgentAsync(p => p.Routable && p.Devices.Count == 1);

        var decayed = await scenario.WaitForAgentAsync(
            p => p.Cause == ChangeCause.Decay, what: "the device decay", agentId: "agent-1");
        Assert.Equal(DeviceState.Offline, Assert.Single(decayed.Devices).State);
        Assert.False(decayed.Routable, "an agent whose only device is gone is not reachable");
    }

    [Fact]
    public async Task An_agent_whose_channel_stays_lost_decays_to_offline_from_its_reminder()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.NotReady);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady);

        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "platform unreachable"));
        var lost = await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Reconnecting);
        Assert.Equal(AgentState.NotReady, lost.State);

        var decayed = await scenario.WaitForAgentAsync(p => p.Cause == ChangeCause.Decay, what: "the lost-channel decay");
        Assert.Equal(AgentState.Offline, decayed.State);
        Assert.False(decayed.Routable);
    }

    [Fact]
    public async Task A_lost_channel_writes_its_reminder_only_once_the_loss_outlasts_the_decay_check_period()
    {
        var scenario = await Scenario.StartAsync(Client);
        scenario.Signal(null, PresenceSignal.NotReady);
        await scenario.WaitForAgentAsync(p => p.State == AgentState.NotReady);
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var reminders = silo.SiloHost.Services.GetRequiredService<IReminderTable>();
        var agent = scenario.Agent().GetGrainId();

        var lostAt = Stopwatch.StartNew();
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Stale, "no heartbeat or message for 2000 ms"));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Stale);
        var early = (await reminders.ReadRows(agent)).Reminders;
        if (lostAt.Elapsed < TimeSpan.FromMilliseconds(900))
        {
            // Most silences end within a few seconds: they must cost the reminder table nothing.
            Assert.Empty(early);
        }

        // One that outlasts the decay check period (1 s here) gets the durable reminder, and loses it when the channel is back.
        await Eventually.HoldsAsync(async () => (await reminders.ReadRows(agent)).Reminders.Count, n => n == 1, what: "the lost-channel reminder");
        scenario.Push(new ChannelResumed(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.5), HeartbeatsMissed: false));
        await scenario.WaitForAgentAsync(p => p.Freshness == Freshness.Fresh);
        await Eventually.HoldsAsync(async () => (await reminders.ReadRows(agent)).Reminders.Count, n => n == 0, what: "the reminder removed");
    }
}
