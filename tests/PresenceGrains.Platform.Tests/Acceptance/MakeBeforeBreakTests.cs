using System.Diagnostics;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;
using PresenceGrains.Protocol.Messages;
using Xunit.Abstractions;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>
/// A token that was always going to expire costs no gap (issue 17): the emulator closes a socket with a 401 when the
/// token of its handshake expires, as platforms do, so the client must move to a new socket before that.
/// </summary>
public sealed class MakeBeforeBreakTests(ITestOutputHelper output)
{
    private const int Rotations = 5;

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Five_rotations_of_short_lived_tokens_show_no_gap_no_reconnecting_and_publish_every_change_once(int tokenSeconds)
    {
        await using var harness = await PlatformHarness.StartAsync(emulator: e => e.TokenLifetime = TimeSpan.FromSeconds(tokenSeconds));
        var started = DateTimeOffset.UtcNow;
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var agents = harness.Emulator.Centre.Agents.Select(a => a.AgentId).ToArray();
        var emitted = new List<PresenceStateChange>();

        // Changes flow the whole time, so every overlap has deltas on both sockets and every switch has some in flight.
        var limit = Stopwatch.StartNew();
        for (var i = 0; harness.Platform.Status.TokenRefreshes < Rotations; i++)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(tokenSeconds * (Rotations + 3)), $"only {harness.Platform.Status.TokenRefreshes} rotations");
            var agent = agents[i % agents.Length];
            var state = harness.Emulator.Centre.Truth(agent)!.UserState == "available" ? "notReady" : "available";
            emitted.AddRange(harness.Emulator.Centre.SetUserState(agent, state));

            // Pacing the changes, not waiting for an outcome.
            await Task.Delay(10);
        }

        // Rotations go on while the test checks; a token is counted when issued, just before its socket opens, so
        // one socket per token and a single open socket are checked together, at one settled moment.
        await Eventually.HoldsAsync(
            () => harness.Emulator.OpenSockets == 1 && harness.Handshakes.Count == harness.Platform.Status.TokenRefreshes + 1,
            () => $"one open socket ({harness.Emulator.OpenSockets}) and one handshake per token ({harness.Handshakes.Count} handshakes, {harness.Platform.Status.TokenRefreshes} refreshes)");
        await Eventually.HoldsAsync(() => Received(events).Count >= emitted.Count, () => $"{emitted.Count} deltas; got {Received(events).Count}");
        WriteTimeline(harness, started);

        Assert.Equal(emitted.Select(Key).Order(), Received(events).Select(Key).Order());
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow or ChannelResumed or ResnapshotRequired);
        Assert.All(harness.Handshakes, h => Assert.Equal(HandshakeOutcome.Accepted, h.Outcome));
        var status = harness.Platform.Status;
        Assert.Equal(ChannelState.Connected, status.State);
        Assert.Equal(0, status.Counters.ErrorFrames);
        Assert.Equal(0, status.Reconnects);
    }

    [Fact]
    public async Task A_refused_rotation_keeps_the_old_socket_and_is_tried_again_before_the_token_expires()
    {
        await using var harness = await PlatformHarness.StartAsync(emulator: e => e.TokenLifetime = TimeSpan.FromSeconds(4));
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        harness.Emulator.Faults.RefuseReconnects = new RefuseReconnectsFault(Count: 1, RetryAfterSeconds: 0);
        await Eventually.HoldsAsync(() => harness.Platform.Status.TokenRefreshes >= 2 && harness.Emulator.OpenSockets == 1, "two rotations, the first one refused once");
        var agent = harness.Emulator.Centre.Agents[0].AgentId;
        harness.Emulator.Centre.SetUserState(agent, "notReady");
        await events.WaitForAsync<DeltaReceived>(d => d.Delta.AgentId == agent && d.Delta.Signal == PresenceSignal.NotReady, connected);

        Assert.Equal(
            [HandshakeOutcome.Accepted, HandshakeOutcome.Refused, HandshakeOutcome.Accepted, HandshakeOutcome.Accepted],
            harness.Handshakes.Take(4).Select(h => h.Outcome));
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow or ResnapshotRequired);
        Assert.Equal(0, harness.Platform.Status.Counters.ErrorFrames);
    }

    [Fact]
    public async Task Where_sockets_outlive_their_token_no_second_socket_is_opened()
    {
        // The emulator does close sockets at expiry: what this client then sees shows it kept the one socket.
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e => e.TokenLifetime = TimeSpan.FromSeconds(2),
            platform: o => o.SocketOutlivesToken = true);
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        var (window, _) = await events.WaitForAsync<DisconnectionWindow>(from: connected);

        Assert.Contains("401", window.Cause);
        Assert.Equal(2, harness.Handshakes.Count);
    }

    private static List<DeltaReceived> Received(EventCollector events) => [.. events.Events.OfType<DeltaReceived>()];

    private static string Key(PresenceStateChange d) => $"{d.UserId}/{d.DeviceId}/{d.State}@{d.LastUpdated.UtcTicks}";

    private static string Key(DeltaReceived d) =>
        $"{d.Delta.AgentId}/{d.Delta.DeviceId}/{SignalClaims.ToWire(d.Delta.Signal)}@{d.Delta.LastUpdated.UtcTicks}";

    /// <summary>Socket opens (the platform's handshake log) and the client's token and rotation lines, for the note.</summary>
    private void WriteTimeline(PlatformHarness harness, DateTimeOffset started)
    {
        foreach (var handshake in harness.Handshakes)
        {
            output.WriteLine($"{handshake.At:HH:mm:ss.fff} platform: socket opened ({handshake.Outcome})");
        }

        string[] ids = ["[1000]", "[1115]", "[1116]", "[1117]", "[1104]"];
        foreach (var entry in CapturedLog.Shared.Entries.Where(e => ids.Any(id => e.Contains(id, StringComparison.Ordinal))))
        {
            if (string.CompareOrdinal(entry[..12], $"{started:HH:mm:ss.fff}") >= 0)
            {
                output.WriteLine(entry[..entry.IndexOf(" | ", StringComparison.Ordinal)]);
            }
        }
    }
}
