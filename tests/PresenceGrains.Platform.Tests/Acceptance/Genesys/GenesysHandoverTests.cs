using System.Diagnostics;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance.Genesys;

/// <summary>
/// A Genesys socket that must go (socket_closing, the channel's expiry near) is replaced before it is dropped: the new
/// channel is subscribed first, the old socket drains, and every event both deliver is published once (issue 15).
/// </summary>
public sealed class GenesysHandoverTests
{
    [Fact]
    public async Task Socket_closing_hands_over_to_a_new_channel_with_every_change_published_once_and_no_gap()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        var expected = await FlipWhileAsync(harness, announceAt: 15, () => harness.Emulator.AnnounceSocketClosing(TimeSpan.FromSeconds(5)), handovers: 1);

        await AssertPublishedOnceWithoutGapAsync(harness, events, connected, expected);
        Assert.True(harness.Emulator.GenesysChannels >= 2, "the replacement is a channel of its own");
    }

    [Fact]
    public async Task A_channel_near_its_expiry_rolls_over_to_a_new_one_three_times_with_every_change_published_once_and_no_gap()
    {
        // Channels live 3 s; the client rolls 2 s before that, so about every second.
        await using var harness = await GenesysHarness.StartAsync(
            emulator: e => e.Genesys.ChannelLifetime = TimeSpan.FromSeconds(3),
            platform: o => o.ChannelRollOverMargin = TimeSpan.FromSeconds(2));
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        var expected = await FlipWhileAsync(harness, announceAt: 0, static () => { }, handovers: 3);

        await AssertPublishedOnceWithoutGapAsync(harness, events, connected, expected);
    }

    /// <summary>
    /// Flips agents every 10 ms until <paramref name="handovers"/> replacement channels are subscribed and the old
    /// sockets are gone, and 15 changes after; returns the presence publications expected, one per change.
    /// </summary>
    private static async Task<List<string>> FlipWhileAsync(GenesysHarness harness, int announceAt, Action announce, int handovers)
    {
        var agents = harness.AgentIds;
        var expected = new List<string>();
        var limit = Stopwatch.StartNew();
        int? doneAt = null;
        for (var i = 0; doneAt is null || i < doneAt + 15; i++)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(20), $"{ChannelPosts(harness) - 1} handovers of {handovers} in 20 s");
            if (i == announceAt)
            {
                announce();
            }

            var agent = agents[i % agents.Count];
            var (signal, at) = harness.Flip(agent);
            expected.Add(GenesysHarness.Key(agent, signal, at));
            if (doneAt is null && i > announceAt && ChannelPosts(harness) > handovers && harness.Emulator.OpenSockets == 1)
            {
                doneAt = i;
            }

            // Pacing the changes, not waiting for an outcome.
            await Task.Delay(10);
        }

        return expected;
    }

    private static async Task AssertPublishedOnceWithoutGapAsync(GenesysHarness harness, EventCollector events, int connected, List<string> expected)
    {
        await Eventually.HoldsAsync(
            () => GenesysHarness.PresencePublications(events, connected).Count >= expected.Count,
            () => $"{expected.Count} presence changes; got {GenesysHarness.PresencePublications(events, connected).Count}");

        // A pong on the live socket comes after everything sent before it: repeats would have arrived by then.
        var heartbeats = events.Events.Count;
        await events.WaitForAsync<HeartbeatReceived>(from: heartbeats);

        var published = GenesysHarness.PresencePublications(events, connected);
        Assert.Equal(expected.Order(), published.Order());
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow or ResnapshotRequired);
        var status = harness.Platform.Status;
        Assert.Equal(ChannelState.Connected, status.State);
        Assert.Equal(0, status.Reconnects);
        Assert.Equal(0, status.Counters.SchemaInvalid + status.Counters.Malformed);
    }

    private static int ChannelPosts(GenesysHarness harness) =>
        harness.Recorder.Answers.Count(a => a.Path.EndsWith("/notifications/channels", StringComparison.Ordinal) && a.Status == System.Net.HttpStatusCode.OK);
}
