using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>
/// Half-open channel (seed §3): the socket stays open but nothing arrives. Once the client knows the heartbeat interval,
/// a missed heartbeat shows Stale at once; the socket is dropped only at the stale threshold.
/// </summary>
public sealed class HeartbeatLossTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Without_heartbeats_the_channel_shows_stale_at_the_first_missed_one_and_is_dropped_and_reconnected_at_the_threshold()
    {
        var threshold = TimeSpan.FromSeconds(1);
        await using var harness = await StartAsync(threshold);
        var (events, connected) = await RunUntilHeartbeatsFlowAsync(harness);

        harness.Emulator.Faults.StopHeartbeats = true;
        var (stale, staleAt) = await events.WaitForStateAsync(ChannelState.Stale, connected);
        var (reconnecting, reconnectingAt) = await events.WaitForStateAsync(ChannelState.Reconnecting, staleAt);
        harness.Emulator.Faults.StopHeartbeats = false;
        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(w => w.Cause.StartsWith("stale", StringComparison.Ordinal), reconnectingAt);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);

        // The window starts at the last frame received. Stale came about two heartbeats later, the drop a
        // whole threshold later.
        var staleAfter = stale.ReceivedAt - window.Start;
        Assert.True(staleAfter >= Heartbeat * 2 && staleAfter < threshold / 2, $"stale after {staleAfter}");
        Assert.Contains("heartbeats come every", stale.Detail, StringComparison.Ordinal);
        Assert.True(reconnecting.ReceivedAt - window.Start >= threshold, $"dropped after {reconnecting.ReceivedAt - window.Start}");
        Assert.True(harness.Handshakes.Count >= 2);
        Assert.All(harness.Handshakes, h => Assert.Equal(HandshakeOutcome.Accepted, h.Outcome));

        // The half-open socket was dropped by the client: only the new one stays open.
        await Eventually.HoldsAsync(() => harness.Emulator.OpenSockets == 1, "the stale socket to be closed");
    }

    [Fact]
    public async Task A_silence_shorter_than_the_threshold_shows_stale_then_resumes_on_the_same_socket()
    {
        await using var harness = await StartAsync(threshold: TimeSpan.FromSeconds(5));
        var (events, connected) = await RunUntilHeartbeatsFlowAsync(harness);

        harness.Emulator.Faults.StopHeartbeats = true;
        var (stale, staleAt) = await events.WaitForStateAsync(ChannelState.Stale, connected);
        harness.Emulator.Faults.StopHeartbeats = false;
        var (resumed, resumedAt) = await events.WaitForAsync<ChannelResumed>(null, staleAt);

        // Connected again without a reconnect, announced as a resumption (not a new connection to snapshot after).
        Assert.True(resumed.Silence >= Heartbeat * 2, $"silence of {resumed.Silence}");
        Assert.True(resumed.HeartbeatsMissed);
        Assert.Single(harness.Handshakes);
        Assert.DoesNotContain(events.Events.Skip(staleAt), e => e is ChannelStateChanged { State: ChannelState.Connected });
        Assert.DoesNotContain(events.Events.Skip(connected), e => e is DisconnectionWindow || e is ChannelStateChanged { State: ChannelState.Reconnecting });
        Assert.Equal(ChannelState.Connected, harness.Platform.Status.State);
        Assert.True(resumed.ReceivedAt > stale.ReceivedAt);
        Assert.True(resumedAt > staleAt);
    }

    [Fact]
    public async Task Frames_that_were_only_late_end_the_silence_with_no_heartbeat_missed()
    {
        await using var harness = await StartAsync(threshold: TimeSpan.FromSeconds(5));
        var (events, connected) = await RunUntilHeartbeatsFlowAsync(harness);

        // Every frame from now on leaves the platform four heartbeats late, in order: a silence to the client, in
        // which the platform sent every heartbeat it should have.
        harness.Emulator.Faults.Delay = new DelayFault(400);
        var (_, staleAt) = await events.WaitForStateAsync(ChannelState.Stale, connected);
        var (resumed, _) = await events.WaitForAsync<ChannelResumed>(null, staleAt);
        harness.Emulator.Faults.Delay = null;

        Assert.False(resumed.HeartbeatsMissed, $"after a silence of {resumed.Silence}");
        Assert.Single(harness.Handshakes);
    }

    /// <summary>Runs the channel until it is connected and enough heartbeats came for the client to learn their interval.</summary>
    private static async Task<(EventCollector Events, int Connected)> RunUntilHeartbeatsFlowAsync(PlatformHarness harness)
    {
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        await Eventually.HoldsAsync(() => harness.Platform.Status.Counters.Heartbeats >= 5, "heartbeats to flow");
        return (events, connected);
    }

    private static Task<PlatformHarness> StartAsync(TimeSpan threshold) =>
        PlatformHarness.StartAsync(
            emulator: e => e.HeartbeatInterval = Heartbeat,
            platform: p =>
            {
                p.StaleThreshold = threshold;
                p.BackPressureTimeout = TimeSpan.FromMilliseconds(200);
            });
}
