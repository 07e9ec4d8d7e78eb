using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Tests;

/// <summary>The per-silo registry behind the channel gauges, read the way a metric collection reads it.</summary>
public sealed class ActiveChannelsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Shed_deltas_never_go_back_when_a_connector_swaps_its_run_or_leaves_and_comes_back()
    {
        var channels = new ActiveChannels(_time);
        var shed = 5L;
        var first = channels.Enter("t1", () => new ChannelReading(ChannelConnection.Connected, null, shed));
        Assert.Equal([5L], Shed(channels));

        // Between one run's end and the connector adding its count, its own total dips.
        shed = 0;
        Assert.Equal([5L], Shed(channels));
        shed = 8;
        first.Dispose();
        Assert.Equal([8L], Shed(channels));

        // Re-activated on this silo, it counts from zero again.
        using var second = channels.Enter("t1", () => new ChannelReading(ChannelConnection.Connecting, null, 2));
        Assert.Equal([10L], Shed(channels));
    }

    [Fact]
    public void A_channel_that_never_heard_the_platform_reports_its_state_but_no_heartbeat_age()
    {
        var channels = new ActiveChannels(_time);
        using var stopped = channels.Enter("t1", () => new ChannelReading(ChannelConnection.Stopped, null, 0));
        var heard = _time.GetUtcNow().AddSeconds(-12);
        using var connected = channels.Enter("t2", () => new ChannelReading(ChannelConnection.Connected, heard, 0));
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(
            [("t1", 0, "stopped"), ("t2", 2, "connected")],
            channels.ObserveState().Select(m => (Tag(m.Tags, "tenant"), m.Value, Tag(m.Tags, "state"))).OrderBy(s => s.Item1));
        var age = Assert.Single(channels.ObserveHeartbeatAge());
        Assert.Equal(("t2", 15.0), (Tag(age.Tags, "tenant"), age.Value));
    }

    [Fact]
    public void A_reading_that_fails_is_skipped_without_losing_the_other_channels()
    {
        var channels = new ActiveChannels(_time);
        using var broken = channels.Enter("t1", () => throw new ObjectDisposedException("run"));
        using var working = channels.Enter("t2", () => new ChannelReading(ChannelConnection.Stale, null, 0));

        var state = Assert.Single(channels.ObserveState());
        Assert.Equal("t2", Tag(state.Tags, "tenant"));
    }

    private static List<long> Shed(ActiveChannels channels) => [.. channels.ObserveShed().Select(m => m.Value)];

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return (string)tag.Value!;
            }
        }

        throw new KeyNotFoundException(key);
    }
}
