using PresenceGrains.Domain.Channel;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Seed edge case 2: the exact disconnection window, reported before anything of the new connection.</summary>
public sealed class DisconnectionWindowTests
{
    [Fact]
    public async Task A_dropped_socket_yields_a_window_of_exact_duration_before_the_new_connection_is_reported()
    {
        var time = new ObservedTimeProvider();
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e => e.Faults = new FaultOptions { ChangesWhileDisconnected = new ChangesWhileDisconnectedFault { Changes = 3 } },
            platform: p =>
            {
                p.ReconnectInitialDelay = BackoffPolicy.DefaultInitial;
                p.ReconnectMaximumDelay = BackoffPolicy.DefaultMaximum;
            },
            clientTime: time);
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var lostAt = time.GetUtcNow();
        var deltasBefore = harness.Emulator.DeltaLog.Count;

        harness.Emulator.DropAllSockets();
        var (reconnecting, reconnectingAt) = await events.WaitForStateAsync(ChannelState.Reconnecting, connected);
        DateTimeOffset? due = null;
        await Eventually.HoldsAsync(
            () => (due = harness.Platform.Status.NextReconnectAt) is { } at && time.Pending.Any(t => t.DueAt == at),
            "the reconnect to be scheduled");
        await Eventually.HoldsAsync(() => harness.Emulator.DeltaLog.Count >= deltasBefore + 3, "the platform to change agents while the client is away");
        var delay = due!.Value - lostAt;
        time.Advance(delay);

        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: reconnectingAt);
        var (back, backAt) = await events.WaitForStateAsync(ChannelState.Connected, windowAt);

        Assert.Equal(lostAt, reconnecting.ReceivedAt);
        Assert.Equal(lostAt, window.Start);
        Assert.Equal(lostAt + delay, window.End);
        Assert.Equal(delay, window.Duration);
        Assert.InRange(delay.TotalSeconds, 0.9, 1.1);
        Assert.StartsWith("socket failed", window.Cause, StringComparison.Ordinal);
        Assert.Equal(window.End, back.ReceivedAt);
        Assert.True(windowAt < backAt);
        Assert.DoesNotContain(events.Events.Take(windowAt).Skip(reconnectingAt), e => e is DeltaReceived);
        var recorded = Assert.Single(harness.Platform.Status.RecentDisconnections);
        Assert.Equal((window.Start, window.End, window.Cause), (recorded.Start, recorded.End, recorded.Cause));
        Assert.Equal(1, harness.Platform.Status.Reconnects);

        // What the connector does next: the snapshot brings in what changed during the gap (REST wins).
        var snapshots = await harness.Platform.GetSnapshotsAsync(harness.WatchEverything.AgentIds, default);
        foreach (var truth in harness.Emulator.Centre.Truth())
        {
            var snapshot = Assert.Single(snapshots.Snapshots, s => s.AgentId == truth.AgentId);
            Assert.Equal(truth.UserState, Domain.Resolution.SignalClaims.ToWire(snapshot.User!.Signal));
        }
    }
}
