using static PresenceGrains.Domain.Tests.Support.Snapshots;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §2 rule 5: a REST snapshot is the source of truth and is published at once, either way.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void A_lowering_snapshot_is_published_at_once()
    {
        var machine = Machines.OnCall();

        var step = machine.ApplySnapshot(Of(1600, User(PresenceSignal.Available, 1500), Device("a", PresenceSignal.Online, 1500)), Clock.At(1600));

        Assert.NotNull(step.Published);
        Assert.Equal(PresenceLevel.Available, step.Published.Level);
        Assert.True(step.Published.Routable);
        Assert.Equal(PublishCause.Snapshot, step.Published.Cause);
        Assert.Null(step.HoldUntil);
    }

    [Theory]
    [InlineData(PresenceSignal.Offline)]
    [InlineData(PresenceSignal.Available)]
    public void The_first_publication_dates_its_state_from_the_platform_never_from_year_one(PresenceSignal user)
    {
        var machine = new AgentPresenceMachine();

        var step = machine.ApplySnapshot(Of(1600, User(user, 1500)), Clock.At(1600));

        Assert.Equal(1, step.Published?.Sequence);
        Assert.Equal(Clock.At(1500), step.Published?.Since);
    }

    [Fact]
    public void A_first_publication_with_no_platform_stamp_is_dated_when_it_is_made()
    {
        var machine = new AgentPresenceMachine();

        // A snapshot that knows nothing of the agent (no user state, no device) still makes it known, as Offline.
        var step = machine.ApplySnapshot(Of(1600, null), Clock.At(1600));

        Assert.Equal(1, step.Published?.Sequence);
        Assert.Equal(PresenceLevel.Offline, step.Published?.Level);
        Assert.Equal(Clock.At(1600), step.Published?.Since);
    }

    [Fact]
    public void A_raising_snapshot_is_published_at_once()
    {
        var machine = Machines.Available();

        var step = machine.ApplySnapshot(Of(1600, User(PresenceSignal.NotReady, 1500), Device("a", PresenceSignal.Online, 0)), Clock.At(1600));

        Assert.Equal(PresenceLevel.NotReady, step.Published?.Level);
        Assert.Equal(PublishCause.Snapshot, step.Published?.Cause);
    }

    [Fact]
    public void A_first_snapshot_makes_an_agent_routable_at_once()
    {
        var machine = new AgentPresenceMachine();

        var step = machine.ApplySnapshot(Of(100, User(PresenceSignal.Available, 50), Device("a", PresenceSignal.Online, 50)), Clock.At(100));

        Assert.True(step.Published?.Routable);
        Assert.Null(step.HoldUntil);
    }

    [Fact]
    public void A_snapshot_replaces_the_sources_it_names_even_at_an_equal_timestamp()
    {
        var machine = Machines.OnCall();

        machine.ApplySnapshot(Of(1500, User(PresenceSignal.NotReady, 0), Device("a", PresenceSignal.Online, 1000)), Clock.At(1500));

        Assert.Equal(new SourceState(PresenceSignal.NotReady, Clock.At(0)), machine.Sources.User);
        Assert.Equal(new SourceState(PresenceSignal.Online, Clock.At(1000)), machine.Sources.Devices["a"]);
    }

    [Fact]
    public void A_source_whose_cached_timestamp_is_strictly_newer_keeps_its_state()
    {
        var machine = Machines.OnCall();

        machine.ApplySnapshot(Of(1200, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 999)), Clock.At(1200));

        Assert.Equal(new SourceState(PresenceSignal.OnCall, Clock.At(1000)), machine.Sources.Devices["a"]);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
    }

    [Fact]
    public void A_snapshot_without_a_user_level_leaves_the_cached_one()
    {
        var machine = Machines.Available();

        machine.ApplySnapshot(Of(1500, null, Device("a", PresenceSignal.Online, 1400)), Clock.At(1500));

        Assert.Equal(new SourceState(PresenceSignal.Available, Clock.At(0)), machine.Sources.User);
    }

    [Fact]
    public void Devices_the_snapshot_no_longer_lists_are_forgotten_unless_heard_from_after_it()
    {
        var machine = Machines.Available();
        machine.Apply(Deltas.Device("b", PresenceSignal.Online, 1000), Clock.At(1000));
        machine.Apply(Deltas.Device("c", PresenceSignal.Online, 3000), Clock.At(3000));

        machine.ApplySnapshot(Of(2000, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 0)), Clock.At(3100));

        Assert.Equal(["a", "c"], machine.Sources.Devices.Keys);
        Assert.Equal(["a", "c"], machine.Published.Devices.Select(d => d.DeviceId));
    }

    [Fact]
    public void A_snapshot_replaces_a_decayed_device_even_with_an_older_timestamp()
    {
        var machine = Machines.OnCall();
        machine.DecayDevice("a", Clock.At(9000));

        machine.ApplySnapshot(Of(9500, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 500)), Clock.At(9500));

        Assert.Equal(new SourceState(PresenceSignal.Online, Clock.At(500)), machine.Sources.Devices["a"]);
        Assert.True(machine.Published.Routable);
    }

    [Fact]
    public void A_snapshot_replaces_a_decayed_user_level()
    {
        var machine = Machines.Available();
        machine.DecayAll(Clock.At(9000));

        machine.ApplySnapshot(Of(9500, User(PresenceSignal.NotReady, 0), Device("a", PresenceSignal.Online, 0)), Clock.At(9500));

        Assert.Equal(new SourceState(PresenceSignal.NotReady, Clock.At(0)), machine.Sources.User);
        Assert.Equal(PresenceLevel.NotReady, machine.Published.Level);
    }

    [Fact]
    public void A_snapshot_settles_a_held_lowering_at_once()
    {
        var machine = Machines.OnCall();
        machine.Apply(Deltas.Device("a", PresenceSignal.Online, 2000), Clock.At(2000));

        var step = machine.ApplySnapshot(Of(2100, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 2000)), Clock.At(2100));

        Assert.Equal(PresenceLevel.Available, step.Published?.Level);
        Assert.Null(machine.HoldUntil);
        Assert.Null(machine.Tick(Clock.At(2500)).Published);
    }

    [Fact]
    public void A_snapshot_that_changes_nothing_publishes_nothing()
    {
        var machine = Machines.Available();

        var step = machine.ApplySnapshot(Of(1500, User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 0)), Clock.At(1500));

        Assert.Null(step.Published);
    }
}
