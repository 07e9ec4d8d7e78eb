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

        await Eventually.HoldsAsync(() => harness.Emulator.OpenSockets == 1, "the last old socket closed");
        await Eventually.HoldsAsync(() => Received(events).Count >= emitted.Count, () => $"{emitted.Count} deltas; got {Received(events).Count}");
        WriteTimeline(harness, started);

        Assert.Equal(emitted.Select(Key).Order(), Received(events).Select(Key).Order());
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow or ChannelResumed or ResnapshotRequired);
        Assert.All(harness.Handshakes, h => Assert.Equal(HandshakeOutcome.Accepted, h.Outcome));
        var status = harness.Platform.Status;
        Assert.Equal(ChannelState.Connected, status.State);
        Assert.Equal(0, status.Counters.ErrorFrames);
        Assert.Equal(0, status.Reconnects);
        Assert.Equal(status.TokenRefreshes + 1, harness.Handshakes.Count);
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
