using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Malformed, schema-invalid and oversized frames are counted and skipped; the channel stays up.</summary>
public sealed class BadFramesTests
{
    [Fact]
    public async Task Bad_frames_are_counted_and_skipped_and_the_deltas_after_them_arrive_on_the_same_channel()
    {
        await using var harness = await PlatformHarness.StartAsync(platform: p => p.MaxFrameBytes = 64 * 1024);
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var faults = harness.Emulator.Faults;
        var agent = harness.Emulator.Centre.Agents[0].AgentId;
        var emitted = new List<(string State, DateTimeOffset LastUpdated)>();

        // The emulator applies a fault when it sends, so each phase waits for its deltas before the next fault is armed.
        async Task PhaseAsync(params string[] states)
        {
            foreach (var state in states)
            {
                emitted.AddRange(harness.Emulator.Centre.SetUserState(agent, state).Select(d => (d.State, d.LastUpdated)));
            }

            await Eventually.HoldsAsync(() => Received(events, agent).Count == emitted.Count, "the deltas behind the bad frames");
        }

        faults.MalformedFrames = new MalformedFramesFault { Count = 2, Kind = MalformedKind.Truncated };
        await PhaseAsync("notReady", "available");
        faults.MalformedFrames = new MalformedFramesFault { Count = 2, Kind = MalformedKind.SchemaInvalid };
        await PhaseAsync("wrapUp", "available");
        faults.OversizedFrames = new OversizedFramesFault { Count = 1, SizeBytes = 1024 * 1024 };
        await PhaseAsync("notReady");

        Assert.Equal(5, emitted.Count);
        Assert.Equal(emitted, Received(events, agent).Select(d => (SignalClaims.ToWire(d.Delta.Signal), d.Delta.LastUpdated)));
        var counters = harness.Platform.Status.Counters;
        Assert.Equal(2, counters.Malformed);
        Assert.Equal(2, counters.SchemaInvalid);
        Assert.Equal(1, counters.Oversized);
        Assert.Single(harness.Handshakes);
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is DisconnectionWindow or ChannelStateChanged);
    }

    private static List<DeltaReceived> Received(EventCollector events, string agent) =>
        [.. events.Events.OfType<DeltaReceived>().Where(d => d.Delta.AgentId == agent)];
}
