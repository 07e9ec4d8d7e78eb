using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §2 rule 4: raises published at once, lowerings held for the window.</summary>
public sealed class HoldWindowTests
{
    [Theory]
    [InlineData(PresenceSignal.InUse, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.Offline, PresenceLevel.Available)]
    public void A_raise_or_a_loss_of_routability_is_published_at_once(PresenceSignal deviceSignal, PresenceLevel expected)
    {
        var machine = Machines.Available();

        var step = machine.Apply(Device("a", deviceSignal, 1000), Clock.At(1000));

        Assert.NotNull(step.Published);
        Assert.Equal(expected, step.Published.Level);
        Assert.False(step.Published.Routable);
        Assert.Null(step.HoldUntil);
        Assert.Same(step.Published, machine.Published);
    }

    [Fact]
    public void A_lowering_is_held_for_the_window_and_published_at_its_deadline()
    {
        var machine = Machines.OnCall();

        var step = machine.Apply(Device("a", PresenceSignal.Online, 2000), Clock.At(2000));

        Assert.Null(step.Published);
        Assert.Equal(Clock.At(2500), step.HoldUntil);
        Assert.Equal(Clock.At(2500), machine.HoldUntil);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
        Assert.Null(machine.Tick(Clock.At(2499)).Published);

        var published = machine.Tick(Clock.At(2500)).Published;

        Assert.NotNull(published);
        Assert.Equal(PresenceLevel.Available, published.Level);
        Assert.True(published.Routable);
        Assert.Equal(PublishCause.Delta, published.Cause);
        Assert.Null(machine.HoldUntil);
    }

    [Fact]
    public void The_default_window_is_the_seeds_500_ms() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), AgentPresenceMachine.DefaultHoldWindow);

    [Fact]
    public void A_configured_window_sets_the_deadline()
    {
        var machine = new AgentPresenceMachine(TimeSpan.FromMilliseconds(200));
        machine.Apply(User(PresenceSignal.NotReady, 0), Clock.At(0));

        var step = machine.Apply(User(PresenceSignal.Offline, 1000), Clock.At(1000));

        Assert.Equal(Clock.At(1200), step.HoldUntil);
    }

    [Fact]
    public void A_negative_window_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentPresenceMachine(TimeSpan.FromMilliseconds(-1)));

    [Fact]
    public void A_raise_inside_the_window_cancels_the_held_lowering()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("a", PresenceSignal.Online, 2000), Clock.At(2000));

        var step = machine.Apply(Device("a", PresenceSignal.InUse, 2100), Clock.At(2100));

        Assert.Equal(PresenceLevel.OnCall, step.Published?.Level);
        Assert.Null(machine.HoldUntil);
        Assert.Equal(1, machine.Anomalies.InversionsHeld);
        Assert.Null(machine.Tick(Clock.At(2500)).Published);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
    }

    [Fact]
    public void Coming_back_to_the_shown_view_inside_the_window_cancels_the_held_lowering_silently()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(User(PresenceSignal.OnCall, 0), Clock.At(0));
        var shown = machine.Published;
        machine.Apply(User(PresenceSignal.Available, 1000), Clock.At(1000));

        var step = machine.Apply(User(PresenceSignal.OnCall, 1100), Clock.At(1100));

        Assert.Null(step.Published);
        Assert.Null(step.HoldUntil);
        Assert.Equal(1, machine.Anomalies.InversionsHeld);
        Assert.Null(machine.Tick(Clock.At(1500)).Published);
        Assert.Same(shown, machine.Published);
    }

    [Fact]
    public void Later_lowerings_inside_the_window_do_not_extend_it()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("a", PresenceSignal.WrapUp, 2000), Clock.At(2000));

        var step = machine.Apply(Device("a", PresenceSignal.NotReady, 2400), Clock.At(2400));

        Assert.Equal(Clock.At(2500), step.HoldUntil);
        Assert.Equal(PresenceLevel.NotReady, machine.Tick(Clock.At(2500)).Published?.Level);
        Assert.Null(machine.HoldUntil);
    }

    [Fact]
    public void Routability_gained_late_in_a_lowering_window_waits_a_whole_window_of_its_own()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("a", PresenceSignal.WrapUp, 2000), Clock.At(2000));
        machine.Apply(Device("a", PresenceSignal.Online, 2400), Clock.At(2400));

        var lowered = machine.Tick(Clock.At(2500));

        Assert.Equal(PresenceLevel.Available, lowered.Published?.Level);
        Assert.False(lowered.Published?.Routable);
        AssertBecomesRoutableAt(machine, 2900);
    }

    [Fact]
    public void A_busy_device_arriving_after_the_lowering_but_inside_the_routability_window_is_never_routed_to()
    {
        var machine = Machines.OnCall();
        var shown = new List<AgentView>();
        machine.Apply(Device("a", PresenceSignal.WrapUp, 2000), Clock.At(2000));
        machine.Apply(Device("a", PresenceSignal.Online, 2400), Clock.At(2400));
        shown.AddIfPublished(machine.Tick(Clock.At(2500)));

        shown.AddIfPublished(machine.Apply(Device("b", PresenceSignal.InUse, 2450), Clock.At(2800)));
        shown.AddIfPublished(machine.Tick(Clock.At(3000)));

        Assert.DoesNotContain(shown, v => v.Routable);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
        Assert.Null(machine.HoldUntil);
    }

    [Fact]
    public void Going_offline_from_routable_loses_routability_at_once_and_the_level_after_the_window()
    {
        var machine = Machines.Available();

        var step = machine.Apply(User(PresenceSignal.Offline, 1000), Clock.At(1000));

        Assert.Equal((PresenceLevel.Available, false), (step.Published?.Level, step.Published?.Routable));
        Assert.Equal(Clock.At(1500), step.HoldUntil);
        var offline = machine.Tick(Clock.At(1500)).Published;
        Assert.Equal(PresenceLevel.Offline, offline?.Level);
        Assert.Equal(Clock.At(1000), offline?.Since);
    }

    [Fact]
    public void A_tick_after_a_held_lowering_was_cancelled_publishes_nothing()
    {
        var machine = Machines.OnCall();
        var shown = machine.Published;

        Assert.Null(machine.Tick(Clock.At(5000)).Published);
        Assert.Same(shown, machine.Published);
    }

    [Fact]
    public void A_batch_is_applied_in_last_updated_order()
    {
        var machine = Machines.OnCall();

        machine.ApplyBatch([Device("a", PresenceSignal.Online, 2000), Device("a", PresenceSignal.WrapUp, 1900)], Clock.At(2100));

        // In arrival order the wrap-up would have been stale; in timestamp order both apply.
        Assert.Equal(0, machine.Anomalies.StaleDeltas);
        Assert.Equal(PresenceSignal.Online, machine.Sources.Devices["a"].Signal);
    }

    [Fact]
    public void An_inversion_inside_a_batch_never_shows()
    {
        var machine = Machines.OnCall();

        var step = machine.ApplyBatch(
            [Device("b", PresenceSignal.InUse, 2100), Device("a", PresenceSignal.Online, 2000)], Clock.At(2150));

        Assert.Equal(PresenceLevel.OnCall, step.Published?.Level);
        Assert.Null(step.HoldUntil);
    }

    [Fact]
    public void Becoming_routable_is_held_while_the_device_detail_shows_at_once()
    {
        var machine = Machines.Available();
        machine.Apply(Device("a", PresenceSignal.Offline, 1000), Clock.At(1000));

        var step = machine.Apply(Device("a", PresenceSignal.Online, 1100), Clock.At(1100));

        Assert.Equal(PresenceSignal.Online, step.Published?.Devices.Single().Signal);
        Assert.False(step.Published?.Routable);
        AssertBecomesRoutableAt(machine, 1600);
    }

    [Fact]
    public void Signing_in_shows_the_level_at_once_and_routability_after_the_window()
    {
        var machine = new AgentPresenceMachine();

        var step = machine.Apply(User(PresenceSignal.Available, 0), Clock.At(0));

        Assert.Equal(PresenceLevel.Available, step.Published?.Level);
        Assert.False(step.Published?.Routable);
        AssertBecomesRoutableAt(machine, 500);
    }

    [Fact]
    public void A_late_engagement_inside_the_sign_in_window_keeps_the_agent_unroutable()
    {
        var machine = new AgentPresenceMachine();
        var shown = new List<AgentView>();

        shown.AddIfPublished(machine.Apply(User(PresenceSignal.Available, 0), Clock.At(0)));
        shown.AddIfPublished(machine.Apply(Device("a", PresenceSignal.InUse, -100), Clock.At(300)));
        shown.AddIfPublished(machine.Tick(Clock.At(500)));

        Assert.Equal([PresenceLevel.Available, PresenceLevel.OnCall], shown.Select(v => v.Level));
        Assert.DoesNotContain(shown, v => v.Routable);
    }

    [Fact]
    public void A_device_detail_change_at_the_same_level_is_published_at_once()
    {
        var machine = Machines.Available();

        var step = machine.Apply(Device("b", PresenceSignal.Online, 1000), Clock.At(1000));

        Assert.NotNull(step.Published);
        Assert.Equal(["a", "b"], step.Published.Devices.Select(d => d.DeviceId));
        Assert.True(step.Published.Routable);
    }

    [Fact]
    public void Each_publication_carries_sequence_since_last_updated_cause_and_devices()
    {
        var machine = Machines.Available();
        var sequence = machine.Published.Sequence;

        var onCall = machine.Apply(Device("a", PresenceSignal.OnCall, 1000), Clock.At(1010)).Published;
        var detail = machine.Apply(Device("b", PresenceSignal.Online, 1200), Clock.At(1210)).Published;
        machine.Apply(Device("a", PresenceSignal.Online, 2000), Clock.At(2010));
        var lowered = machine.Tick(Clock.At(2510)).Published;

        Assert.NotNull(onCall);
        Assert.NotNull(detail);
        Assert.NotNull(lowered);
        Assert.Equal([sequence + 1, sequence + 2, sequence + 3], new[] { onCall.Sequence, detail.Sequence, lowered.Sequence });
        Assert.Equal(Clock.At(1000), onCall.Since);
        Assert.Equal(Clock.At(1000), detail.Since);
        Assert.Equal(Clock.At(1200), detail.LastUpdated);
        Assert.Equal(Clock.At(2000), lowered.Since);
        Assert.Equal(Clock.At(2000), lowered.LastUpdated);
        Assert.Equal(
            [new DeviceView("a", PresenceSignal.Online, Clock.At(2000)), new DeviceView("b", PresenceSignal.Online, Clock.At(1200))],
            lowered.Devices);
        Assert.Equal(ChannelFreshness.Fresh, lowered.Freshness);
    }

    [Fact]
    public void A_restored_machine_shows_what_was_persisted_with_nothing_held()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("a", PresenceSignal.Online, 2000), Clock.At(2000));
        var persisted = Machines.Available().Published;

        machine.Restore(persisted, ChannelFreshness.Stale);

        Assert.Same(persisted, machine.Published);
        Assert.Equal(ChannelFreshness.Stale, machine.Freshness);
        Assert.Null(machine.HoldUntil);
    }

    /// <summary>Routability is still held one tick before <paramref name="atMs"/> and shows exactly then.</summary>
    private static void AssertBecomesRoutableAt(AgentPresenceMachine machine, int atMs)
    {
        Assert.Equal(Clock.At(atMs), machine.HoldUntil);
        Assert.Null(machine.Tick(Clock.At(atMs).AddTicks(-1)).Published);
        Assert.True(machine.Tick(Clock.At(atMs)).Published?.Routable);
    }
}
