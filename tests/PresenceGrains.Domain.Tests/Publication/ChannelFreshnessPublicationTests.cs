namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §3: a lost channel makes the agent unroutable at once, and never shows it Offline.</summary>
public sealed class ChannelFreshnessPublicationTests
{
    [Theory]
    [InlineData(ChannelFreshness.Stale)]
    [InlineData(ChannelFreshness.Reconnecting)]
    public void Losing_the_channel_is_published_at_once_unroutable_and_not_offline(ChannelFreshness freshness)
    {
        var machine = Machines.Available();

        var step = machine.SetFreshness(freshness, Clock.At(1000));

        Assert.NotNull(step.Published);
        Assert.Equal(PresenceLevel.Available, step.Published.Level);
        Assert.False(step.Published.Routable);
        Assert.Equal(freshness, step.Published.Freshness);
        Assert.Equal(PublishCause.Reconnect, step.Published.Cause);
        Assert.Equal(freshness, machine.Freshness);
    }

    [Fact]
    public void A_fresh_channel_again_shows_at_once_and_makes_the_agent_routable_after_the_window()
    {
        var machine = Machines.Available();
        machine.SetFreshness(ChannelFreshness.Reconnecting, Clock.At(1000));

        var step = machine.SetFreshness(ChannelFreshness.Fresh, Clock.At(3000));

        Assert.Equal((ChannelFreshness.Fresh, false), (step.Published?.Freshness, step.Published?.Routable));
        Assert.Equal(Clock.At(3500), step.HoldUntil);
        var published = machine.Tick(Clock.At(3500)).Published;
        Assert.True(published?.Routable);
        Assert.Equal(PublishCause.Reconnect, published?.Cause);
    }

    [Fact]
    public void A_busy_agent_shows_the_channel_state_at_once_and_keeps_its_level()
    {
        var machine = Machines.OnCall();

        var lost = machine.SetFreshness(ChannelFreshness.Reconnecting, Clock.At(2000)).Published;
        var back = machine.SetFreshness(ChannelFreshness.Fresh, Clock.At(3000)).Published;

        Assert.Equal((PresenceLevel.OnCall, ChannelFreshness.Reconnecting), (lost?.Level, lost?.Freshness));
        Assert.Equal((PresenceLevel.OnCall, ChannelFreshness.Fresh), (back?.Level, back?.Freshness));
    }

    [Fact]
    public void Losing_the_channel_while_a_lowering_is_held_shows_at_once_with_the_held_level()
    {
        var machine = Machines.OnCall();
        machine.Apply(Deltas.Device("a", PresenceSignal.Online, 2000), Clock.At(2000));

        var lost = machine.SetFreshness(ChannelFreshness.Stale, Clock.At(2100)).Published;

        Assert.Equal((PresenceLevel.OnCall, ChannelFreshness.Stale), (lost?.Level, lost?.Freshness));
        var lowered = machine.Tick(Clock.At(2500)).Published;
        Assert.Equal((PresenceLevel.Available, false), (lowered?.Level, lowered?.Routable));
    }

    [Theory]
    [InlineData(ChannelFreshness.Stale)]
    [InlineData(ChannelFreshness.Reconnecting)]
    public void An_agent_nothing_was_heard_of_publishes_no_freshness_change_and_its_first_reading_carries_it(ChannelFreshness freshness)
    {
        var machine = new AgentPresenceMachine();

        Assert.Null(machine.SetFreshness(freshness, Clock.At(1000)).Published);
        Assert.Equal(freshness, machine.Freshness);
        Assert.Equal(0, machine.Published.Sequence);

        var first = machine.Apply(Deltas.Device("a", PresenceSignal.Available, 1100), Clock.At(1100)).Published;
        Assert.Equal((PresenceLevel.Available, freshness, false), (first?.Level, first?.Freshness, first?.Routable));
    }

    [Fact]
    public void Reporting_the_same_freshness_again_publishes_nothing()
    {
        var machine = Machines.Available();
        machine.SetFreshness(ChannelFreshness.Stale, Clock.At(1000));

        Assert.Null(machine.SetFreshness(ChannelFreshness.Stale, Clock.At(1100)).Published);
    }
}
