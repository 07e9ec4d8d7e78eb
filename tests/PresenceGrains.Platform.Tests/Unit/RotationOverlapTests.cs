using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Channel;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>The two pieces a make-before-break rotation rests on: publishing a doubled delta once, and knowing when the old socket has caught up.</summary>
public sealed class RotationOverlapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void During_an_overlap_a_delta_goes_through_once_and_outside_one_every_copy_does()
    {
        var overlap = new OverlapDeduplicator();
        var delta = new PresenceDelta("a", null, PresenceSignal.Available, T0);

        Assert.True(overlap.FirstCopy(delta));
        Assert.True(overlap.FirstCopy(delta));
        var generation = overlap.Arm();
        Assert.True(overlap.FirstCopy(delta));
        Assert.False(overlap.FirstCopy(delta with { Reason = "other text, same change" }));
        Assert.True(overlap.FirstCopy(delta with { LastUpdated = T0.AddMilliseconds(1) }));
        Assert.True(overlap.FirstCopy(delta with { Signal = PresenceSignal.NotReady }));
        Assert.Equal(1, overlap.Dropped);
        overlap.Disarm(generation);
        Assert.True(overlap.FirstCopy(delta));
    }

    [Fact]
    public void A_late_disarm_of_an_earlier_overlap_leaves_a_newer_one_armed()
    {
        var overlap = new OverlapDeduplicator();
        var delta = new PresenceDelta("a", "a-softphone", PresenceSignal.OnCall, T0);
        var first = overlap.Arm();
        overlap.Arm();

        overlap.Disarm(first);

        Assert.True(overlap.FirstCopy(delta));
        Assert.False(overlap.FirstCopy(delta));
    }

    [Fact]
    public async Task The_old_socket_has_caught_up_only_with_a_heartbeat_sent_after_the_new_subscription_took_hold()
    {
        var time = new FakeTimeProvider(T0);
        var role = SessionRole.ForConnection();
        var caughtUp = role.CaughtUpAsync(T0, TimeSpan.FromSeconds(5), time, default);

        role.HeartbeatArrived(T0.AddSeconds(-1));
        role.HeartbeatArrived(T0);
        Assert.False(caughtUp.IsCompleted);
        role.HeartbeatArrived(T0.AddMilliseconds(200));

        Assert.True(await caughtUp.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Without_such_a_heartbeat_the_wait_ends_false_at_its_bound()
    {
        var time = new FakeTimeProvider(T0);
        var role = SessionRole.ForConnection();
        var caughtUp = role.CaughtUpAsync(T0, TimeSpan.FromSeconds(5), time, default);

        role.HeartbeatArrived(T0);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await caughtUp.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_rotation_socket_speaks_for_the_channel_only_once_promoted_and_no_longer_once_retired()
    {
        var role = SessionRole.ForRotation();
        Assert.False(role.IsPrimary);
        Assert.False(role.Promoted.IsCompleted);

        role.Promote();
        Assert.True(role.IsPrimary);
        Assert.True(role.Promoted.IsCompleted);

        role.Retire();
        Assert.False(role.IsPrimary);
        Assert.True(role.IsRetiring);
    }
}
