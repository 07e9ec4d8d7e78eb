using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Half-open channel (seed §3): the socket stays open but nothing arrives.</summary>
public sealed class HeartbeatLossTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Without_heartbeats_the_channel_turns_stale_after_the_threshold_is_dropped_and_reconnects()
    {
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e => e.HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            platform: p =>
            {
                p.StaleThreshold = Threshold;
                p.BackPressureTimeout = TimeSpan.FromMilliseconds(200);
            });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        await Eventually.HoldsAsync(() => harness.Platform.Status.Counters.Heartbeats >= 3, "heartbeats to flow");

        harness.Emulator.Faults.StopHeartbeats = true;
        var (stale, staleAt) = await events.WaitForStateAsync(ChannelState.Stale, connected);
        harness.Emulator.Faults.StopHeartbeats = false;

        var (reconnecting, reconnectingAt) = await events.WaitForStateAsync(ChannelState.Reconnecting, staleAt);
        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(w => w.Cause.StartsWith("stale", StringComparison.Ordinal), reconnectingAt);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);

        // The window starts at the last frame received; the channel was declared stale a full threshold later.
        Assert.True(stale.ReceivedAt - window.Start >= Threshold, $"stale after {stale.ReceivedAt - window.Start}");
        Assert.True(stale.ReceivedAt - window.Start < Threshold * 3, $"stale only after {stale.ReceivedAt - window.Start}");
        Assert.True(reconnecting.ReceivedAt >= stale.ReceivedAt);
        Assert.True(harness.Handshakes.Count >= 2);
        Assert.All(harness.Handshakes, h => Assert.Equal(HandshakeOutcome.Accepted, h.Outcome));

        // The half-open socket was dropped by the client: only the new one stays open.
        await Eventually.HoldsAsync(() => harness.Emulator.OpenSockets == 1, "the stale socket to be closed");
    }
}
