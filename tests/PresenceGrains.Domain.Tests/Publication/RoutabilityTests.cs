using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §2 rule 3: routable = Available, Fresh, and a reachable device when devices are known.</summary>
public sealed class RoutabilityTests
{
    private static bool RoutableAfter(ChannelFreshness freshness, params PresenceDelta[] deltas)
    {
        var machine = new AgentPresenceMachine();
        machine.ApplyBatch(deltas, Clock.At(0));
        machine.SetFreshness(freshness, Clock.At(0));
        return machine.Candidate(PublishCause.Delta, Clock.At(0)).Routable;
    }

    [Fact]
    public void Available_fresh_with_a_reachable_device_is_routable() =>
        Assert.True(RoutableAfter(
            ChannelFreshness.Fresh,
            User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Offline, 0), Device("b", PresenceSignal.Online, 0)));

    [Fact]
    public void Available_fresh_with_no_device_known_is_routable() =>
        Assert.True(RoutableAfter(ChannelFreshness.Fresh, User(PresenceSignal.Available, 0)));

    [Fact]
    public void Available_with_every_device_offline_is_not_routable() =>
        Assert.False(RoutableAfter(
            ChannelFreshness.Fresh,
            User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Offline, 0), Device("b", PresenceSignal.Offline, 0)));

    [Theory]
    [InlineData(ChannelFreshness.Stale)]
    [InlineData(ChannelFreshness.Reconnecting)]
    public void Available_on_a_channel_that_is_not_fresh_is_not_routable(ChannelFreshness freshness) =>
        Assert.False(RoutableAfter(freshness, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 0)));

    [Theory]
    [InlineData(PresenceSignal.Offline)]
    [InlineData(PresenceSignal.NotReady)]
    [InlineData(PresenceSignal.WrapUp)]
    [InlineData(PresenceSignal.OnCall)]
    public void Any_level_but_available_is_not_routable(PresenceSignal user) =>
        Assert.False(RoutableAfter(ChannelFreshness.Fresh, User(user, 0), Device("a", PresenceSignal.Online, 0)));

    [Fact]
    public void An_agent_nobody_has_heard_of_is_offline_and_not_routable()
    {
        var view = new AgentPresenceMachine().Published;

        Assert.Equal(PresenceLevel.Offline, view.Level);
        Assert.False(view.Routable);
        Assert.Equal(0, view.Sequence);
    }
}
