using Microsoft.Extensions.Time.Testing;

namespace PresenceGrains.Domain.Tests.Channel;

/// <summary>Design §3: Fresh while traffic arrives, Stale after 5 s without any, Reconnecting while the channel is down.</summary>
public sealed class FreshnessTrackerTests
{
    private readonly FakeTimeProvider _time = new(Clock.T0);

    private FreshnessTracker ConnectedTracker()
    {
        var tracker = new FreshnessTracker(_time);
        tracker.Connected();
        return tracker;
    }

    [Fact]
    public void Before_the_first_connection_the_channel_is_reconnecting()
    {
        var tracker = new FreshnessTracker(_time);

        Assert.Equal(ChannelFreshness.Reconnecting, tracker.Current);
        Assert.Null(tracker.StaleAt);
        Assert.Null(tracker.LastTraffic);
    }

    [Fact]
    public void A_connected_channel_turns_stale_five_seconds_after_the_last_traffic()
    {
        var tracker = ConnectedTracker();

        Assert.Equal(FreshnessTracker.DefaultStaleAfter, tracker.StaleAfter);
        Assert.Equal(Clock.T0.AddSeconds(5), tracker.StaleAt);
        _time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ChannelFreshness.Stale, tracker.Current);
    }

    [Fact]
    public void A_heartbeat_resets_the_stale_clock()
    {
        var tracker = ConnectedTracker();
        _time.Advance(TimeSpan.FromSeconds(4));

        tracker.HeartbeatReceived();

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        Assert.Equal(Clock.T0.AddSeconds(4), tracker.LastHeartbeat);
        Assert.Equal(Clock.T0.AddSeconds(9), tracker.StaleAt);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ChannelFreshness.Stale, tracker.Current);
    }

    [Fact]
    public void Any_message_resets_the_stale_clock_without_counting_as_a_heartbeat()
    {
        var tracker = ConnectedTracker();
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(ChannelFreshness.Stale, tracker.Current);

        tracker.MessageReceived();

        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        Assert.Equal(Clock.T0.AddSeconds(6), tracker.LastTraffic);
        Assert.Null(tracker.LastHeartbeat);
    }

    [Fact]
    public void A_lost_channel_is_reconnecting_until_connected_again()
    {
        var tracker = ConnectedTracker();

        tracker.Disconnected();
        tracker.HeartbeatReceived();

        Assert.Equal(ChannelFreshness.Reconnecting, tracker.Current);
        Assert.Null(tracker.StaleAt);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ChannelFreshness.Reconnecting, tracker.Current);

        tracker.Connected();

        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        Assert.Equal(Clock.T0.AddSeconds(35), tracker.StaleAt);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        var tracker = new FreshnessTracker(_time, TimeSpan.FromSeconds(1));
        tracker.Connected();

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ChannelFreshness.Stale, tracker.Current);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new FreshnessTracker(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FreshnessTracker(_time, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FreshnessTracker(_time, TimeSpan.FromSeconds(-1)));
    }
}
