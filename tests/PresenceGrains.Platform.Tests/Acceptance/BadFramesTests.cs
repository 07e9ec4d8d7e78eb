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
        var centre = harness.Emulator.Centre;
        var agent = centre.Agents[0].AgentId;
        string[] states = ["notReady", "available", "wrapUp", "available", "notReady"];

        var emitted = new List<Protocol.Messages.PresenceStateChange>();
        harness.Emulator.Faults.MalformedFrames = new MalformedFramesFault { Count = 2, Kind = MalformedKind.Truncated };
        emitted.AddRange(centre.SetUserState(agent, states[0]));
        emitted.AddRange(centre.SetUserState(agent, states[1]));
        harness.Emulator.Faults.MalformedFrames = new MalformedFramesFault { Count = 2, Kind = MalformedKind.SchemaInvalid };
        emitted.AddRange(centre.SetUserState(agent, states[2]));
        emitted.AddRange(centre.SetUserState(agent, states[3]));
        harness.Emulator.Faults.OversizedFrames = new OversizedFramesFault { Count = 1, SizeBytes = 1024 * 1024 };
        emitted.AddRange(centre.SetUserState(agent, states[4]));

        Assert.Equal(states.Length, emitted.Count);
        await Eventually.HoldsAsync(
            () => events.Events.OfType<DeltaReceived>().Count(d => d.Delta.AgentId == agent) == emitted.Count,
            "every delta after the bad frames");

        var received = events.Events.Skip(connected).OfType<DeltaReceived>().Where(d => d.Delta.AgentId == agent).ToList();
        Assert.Equal(emitted.Select(e => (e.State, e.LastUpdated)), received.Select(d => (Wire(d), d.Delta.LastUpdated)));
        var counters = harness.Platform.Status.Counters;
        Assert.Equal(2, counters.Malformed);
        Assert.Equal(2, counters.SchemaInvalid);
        Assert.Equal(1, counters.Oversized);
        Assert.Single(harness.Handshakes);
        Assert.DoesNotContain(events.Events, e => e is DisconnectionWindow);
    }

    private static string Wire(DeltaReceived delta) => Domain.Resolution.SignalClaims.ToWire(delta.Delta.Signal);
}
