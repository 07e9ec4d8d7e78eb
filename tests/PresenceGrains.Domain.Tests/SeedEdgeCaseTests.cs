using Microsoft.Extensions.Time.Testing;
using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests;

/// <summary>The seed's three "Validation, Edge Cases &amp; Troubleshooting" cases, as they would unfold.</summary>
public sealed class SeedEdgeCaseTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Edge_case_1_softphone_hand_off_never_shows_the_agent_available(bool deliveredReversed)
    {
        // Device A hands the call to device B: A goes available, B goes on call 100 ms later (SIP negotiation).
        var machine = Machines.OnCall();
        var handOff = new[] { Device("a", PresenceSignal.Available, 2000), Device("b", PresenceSignal.OnCall, 2100) };
        if (deliveredReversed)
        {
            Array.Reverse(handOff);
        }

        var shown = new List<AgentView>();
        foreach (var (delta, deliveredAt) in handOff.Zip([2010, 2110]))
        {
            shown.AddIfPublished(machine.Apply(delta, Clock.At(deliveredAt)));
        }

        shown.AddIfPublished(machine.Tick(Clock.At(3000)));

        Assert.All(shown, view => Assert.Equal(PresenceLevel.OnCall, view.Level));
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
        Assert.Equal(
            [new DeviceView("a", PresenceSignal.Available, Clock.At(2000)), new DeviceView("b", PresenceSignal.OnCall, Clock.At(2100))],
            machine.Published.Devices);
        Assert.Equal(deliveredReversed ? 0 : 1, machine.Anomalies.InversionsHeld);
    }

    [Fact]
    public void Edge_case_2_channel_loss_shows_reconnecting_not_offline_and_the_snapshot_repairs_the_gap()
    {
        var time = new FakeTimeProvider(Clock.At(1000));
        var tracker = new FreshnessTracker(time);
        tracker.Connected();
        var machine = Machines.Available();

        // Carrier timeout: the connector notices the socket is gone. The platform marks the agent offline on its side,
        // and meanwhile the agent really switches to not ready; no delta reaches us.
        time.Advance(TimeSpan.FromSeconds(2));
        tracker.Disconnected();
        var lost = machine.SetFreshness(tracker.Current, time.GetUtcNow()).Published;

        Assert.NotNull(lost);
        Assert.Equal(ChannelFreshness.Reconnecting, lost.Freshness);
        Assert.Equal(PresenceLevel.Available, lost.Level);
        Assert.False(lost.Routable);

        time.Advance(TimeSpan.FromSeconds(10));
        tracker.Connected();
        machine.SetFreshness(tracker.Current, time.GetUtcNow());
        var repaired = machine.ApplySnapshot(
            Snapshots.Of(
                13_000,
                Snapshots.User(PresenceSignal.NotReady, 5000),
                Snapshots.Device("a", PresenceSignal.Online, 0)),
            time.GetUtcNow()).Published;

        Assert.NotNull(repaired);
        Assert.Equal(PresenceLevel.NotReady, repaired.Level);
        Assert.Equal(ChannelFreshness.Fresh, repaired.Freshness);
        Assert.False(repaired.Routable);
        Assert.Equal(PublishCause.Snapshot, repaired.Cause);
        Assert.Null(machine.Tick(time.GetUtcNow().AddSeconds(1)).Published);
    }

    [Fact]
    public void Edge_case_3_token_expiry_refreshes_before_expiry_and_never_uses_an_expired_token()
    {
        var time = new FakeTimeProvider(Clock.T0);
        var policy = new TokenRefreshPolicy();
        var token = new AccessToken("first", time.GetUtcNow(), time.GetUtcNow().AddHours(1));

        time.Advance(TimeSpan.FromMinutes(58));
        Assert.False(policy.ShouldRefresh(token, time.GetUtcNow()));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(policy.ShouldRefresh(token, time.GetUtcNow()));
        Assert.True(TokenRefreshPolicy.IsUsable(token, time.GetUtcNow()));

        // The refresh failed (the 401 frame arrives as the hour ends): the old token is dead for any handshake.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(TokenRefreshPolicy.IsUsable(token, time.GetUtcNow()));
        Assert.True(policy.ShouldRefresh(token, time.GetUtcNow()));

        var rotated = new AccessToken("second", time.GetUtcNow(), time.GetUtcNow().AddHours(1));
        Assert.True(TokenRefreshPolicy.IsUsable(rotated, time.GetUtcNow()));
        Assert.False(policy.ShouldRefresh(rotated, time.GetUtcNow()));
    }
}
