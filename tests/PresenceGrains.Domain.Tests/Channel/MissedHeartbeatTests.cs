using Microsoft.Extensions.Time.Testing;

namespace PresenceGrains.Domain.Tests.Channel;

/// <summary>
/// A half-open socket: once the tracker knows the platform's heartbeat interval, a missed heartbeat makes the channel
/// silent (Stale) long before the 5 s threshold (two intervals without anything), and the traffic that ends the silence says how long it was.
/// </summary>
public sealed class MissedHeartbeatTests
{
    private readonly FakeTimeProvider _time = new(Clock.T0);

    private FreshnessTracker TrackerWithHeartbeats(int heartbeats, TimeSpan every)
    {
        var tracker = new FreshnessTracker(_time);
        tracker.Connected();
        for (var i = 0; i < heartbeats; i++)
        {
            _time.Advance(every);
            tracker.HeartbeatReceived();
        }

        return tracker;
    }

    [Fact]
    public void The_interval_is_learned_from_the_gaps_between_heartbeats()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(1), tracker.HeartbeatInterval);
        Assert.Equal(_time.GetUtcNow().AddSeconds(2), tracker.SilentAt);
    }

    [Fact]
    public void Until_a_few_heartbeats_came_only_the_stale_threshold_applies()
    {
        var tracker = TrackerWithHeartbeats(3, TimeSpan.FromSeconds(1));

        Assert.Null(tracker.HeartbeatInterval);
        Assert.Null(tracker.SilentAt);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(tracker.TryMarkSilent());
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
    }

    [Fact]
    public void A_missed_heartbeat_makes_the_channel_silent_once_and_stale()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(tracker.TryMarkSilent());
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(tracker.TryMarkSilent());
        Assert.True(tracker.IsSilent);
        Assert.Equal(ChannelFreshness.Stale, tracker.Current);
        Assert.False(tracker.TryMarkSilent());
        Assert.Null(tracker.SilentAt);
    }

    [Fact]
    public void Traffic_after_a_silence_ends_it_and_says_how_long_it_was()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.TryMarkSilent());
        _time.Advance(TimeSpan.FromSeconds(1));

        var silence = tracker.MessageReceived();

        Assert.Equal(new SilenceEnded(TimeSpan.FromSeconds(3), HeartbeatsMissed: true), silence);
        Assert.False(tracker.IsSilent);
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        Assert.Null(tracker.HeartbeatReceived());
    }

    [Fact]
    public void Traffic_without_a_silence_reports_none()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1.2));

        Assert.Null(tracker.MessageReceived());
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
    }

    [Fact]
    public void One_late_heartbeat_does_not_move_the_interval()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1.4));
        tracker.HeartbeatReceived();
        _time.Advance(TimeSpan.FromSeconds(0.6));
        tracker.HeartbeatReceived();

        Assert.Equal(TimeSpan.FromSeconds(1), tracker.HeartbeatInterval);
    }

    [Fact]
    public void The_gap_across_a_silence_is_not_taken_for_the_platforms_rhythm()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(4));
            Assert.True(tracker.TryMarkSilent());
            tracker.HeartbeatReceived();
        }

        Assert.Equal(TimeSpan.FromSeconds(1), tracker.HeartbeatInterval);
    }

    [Fact]
    public void Heartbeats_rarer_than_the_stale_threshold_allows_leave_it_to_the_threshold()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(4), tracker.HeartbeatInterval);
        Assert.Null(tracker.SilentAt);
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), tracker.StaleAt);
    }

    [Fact]
    public void A_new_connection_starts_fresh_but_keeps_the_learned_interval()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.TryMarkSilent());

        tracker.Disconnected();
        Assert.Equal(ChannelFreshness.Reconnecting, tracker.Current);
        tracker.Connected();

        Assert.False(tracker.IsSilent);
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        Assert.Equal(TimeSpan.FromSeconds(1), tracker.HeartbeatInterval);
        Assert.Equal(_time.GetUtcNow().AddSeconds(2), tracker.SilentAt);
    }

    [Fact]
    public void Time_the_reader_spends_away_from_the_socket_is_not_silence()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));

        // The reader took the last heartbeat, then waited 1.2 s for room in a full buffer before listening again.
        _time.Advance(TimeSpan.FromSeconds(1.2));
        tracker.Listening();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(tracker.TryMarkSilent());
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tracker.TryMarkSilent());
    }

    [Fact]
    public void Heartbeats_delivered_in_bunches_are_timed_by_the_platforms_stamps()
    {
        var tracker = new FreshnessTracker(_time);
        tracker.Connected();
        var sent = Clock.T0;
        foreach (var arrivalGapMs in new[] { 1000, 200, 1800, 150, 1850, 300, 1700, 100, 1900 })
        {
            sent = sent.AddSeconds(1);
            _time.Advance(TimeSpan.FromMilliseconds(arrivalGapMs));
            tracker.HeartbeatReceived(sent);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), tracker.HeartbeatInterval);
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1500, false)]
    [InlineData(1501, true)]
    [InlineData(2000, true)]
    [InlineData(6000, true)]
    public void A_heartbeat_ending_a_silence_says_from_the_platforms_stamps_whether_heartbeats_went_missing(int stampGapMs, bool missed)
    {
        var (tracker, lastStamp) = TrackerWithStampedHeartbeats(4);

        // However late it arrives (this process or the network was slow), the stamp says when the platform sent it.
        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(tracker.TryMarkSilent());
        var ended = tracker.HeartbeatReceived(lastStamp.AddMilliseconds(stampGapMs));

        Assert.Equal(new SilenceEnded(TimeSpan.FromSeconds(2.5), missed), ended);
        Assert.Equal(ChannelFreshness.Fresh, tracker.Current);
    }

    [Fact]
    public void A_delta_ending_a_silence_cannot_tell_so_heartbeats_count_as_missed()
    {
        var (tracker, _) = TrackerWithStampedHeartbeats(4);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.TryMarkSilent());

        Assert.True(tracker.MessageReceived()!.Value.HeartbeatsMissed);
    }

    [Fact]
    public void A_heartbeat_without_a_stamp_cannot_tell_so_heartbeats_count_as_missed()
    {
        var tracker = TrackerWithHeartbeats(4, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.TryMarkSilent());

        Assert.True(tracker.HeartbeatReceived()!.Value.HeartbeatsMissed);
    }

    [Fact]
    public void A_stamp_older_than_the_last_one_cannot_tell_so_heartbeats_count_as_missed()
    {
        var (tracker, lastStamp) = TrackerWithStampedHeartbeats(4);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(tracker.TryMarkSilent());

        Assert.True(tracker.HeartbeatReceived(lastStamp.AddMilliseconds(-1))!.Value.HeartbeatsMissed);
    }

    private (FreshnessTracker Tracker, DateTimeOffset LastStamp) TrackerWithStampedHeartbeats(int heartbeats)
    {
        var tracker = new FreshnessTracker(_time);
        tracker.Connected();
        var sent = Clock.T0.AddMinutes(-7);
        for (var i = 0; i < heartbeats; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            sent = sent.AddSeconds(1);
            tracker.HeartbeatReceived(sent);
        }

        return (tracker, sent);
    }
}
