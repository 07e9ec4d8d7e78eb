using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>A consumer that falls behind: the buffer sheds, and every shed agent is named for a snapshot.</summary>
public sealed class SheddingTests
{
    [Fact]
    public async Task When_the_consumer_falls_behind_shed_agents_are_named_in_resnapshot_required_and_none_is_lost()
    {
        await using var harness = await PlatformHarness.StartAsync(platform: p =>
        {
            p.EventBufferCapacity = 8;
            p.BackPressureTimeout = TimeSpan.FromMilliseconds(100);
        });
        var events = harness.Run();
        await events.WaitForStateAsync(ChannelState.Connected);
        var centre = harness.Emulator.Centre;
        var agents = centre.Agents.Select(a => a.AgentId).ToList();

        events.Pause();
        var lastEmitted = new Dictionary<string, DateTimeOffset>();
        string[] cycle = ["notReady", "available", "wrapUp"];
        var emitted = 0;
        for (var i = 0; i < 300; i++)
        {
            var agent = agents[i % agents.Count];
            foreach (var delta in centre.SetUserState(agent, cycle[i / agents.Count % cycle.Length]))
            {
                lastEmitted[agent] = delta.LastUpdated;
                emitted++;
            }
        }

        await Eventually.HoldsAsync(() => harness.Platform.Status.Counters.Deltas == emitted, "the reader to read every delta");
        Assert.True(harness.Platform.Status.Counters.Shed > 0);
        events.Resume();

        await Eventually.HoldsAsync(() => agents.All(a => Covered(events.Events, a, lastEmitted[a])), "every agent's last change to be delivered or resnapshotted");
        Assert.Contains(events.Events, e => e is ResnapshotRequired);
        Assert.Single(harness.Handshakes);
    }

    /// <summary>The agent's last change was delivered, or a resnapshot request for it came after its last delivered delta.</summary>
    private static bool Covered(IReadOnlyList<PlatformEvent> events, string agent, DateTimeOffset lastChange)
    {
        var lastDelivered = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is DeltaReceived delta && delta.Delta.AgentId == agent)
            {
                if (delta.Delta.LastUpdated == lastChange)
                {
                    return true;
                }

                lastDelivered = i;
            }
        }

        return events.Skip(lastDelivered + 1).OfType<ResnapshotRequired>().Any(r => r.AgentIds.Contains(agent));
    }
}
