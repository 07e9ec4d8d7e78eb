using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Resolution;

/// <summary>Design §2 rule 1: per source, last writer wins by <c>lastUpdated</c>.</summary>
public sealed class LastWriterWinsTests
{
    [Fact]
    public void A_first_delta_and_a_newer_one_are_applied()
    {
        var sources = new PresenceSources();

        Assert.Equal(ApplyOutcome.Applied, sources.Apply(Device("a", PresenceSignal.Online, 100)));
        Assert.Equal(ApplyOutcome.Applied, sources.Apply(Device("a", PresenceSignal.InUse, 200)));

        Assert.Equal(new SourceState(PresenceSignal.InUse, Clock.At(200)), sources.Devices["a"]);
    }

    [Fact]
    public void A_stale_delta_is_discarded_and_counted()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(Device("a", PresenceSignal.OnCall, 200), Clock.At(200));

        machine.Apply(Device("a", PresenceSignal.Available, 100), Clock.At(210));

        Assert.Equal(new SourceState(PresenceSignal.OnCall, Clock.At(200)), machine.Sources.Devices["a"]);
        Assert.Equal(1, machine.Anomalies.StaleDeltas);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
    }

    [Fact]
    public void The_outcome_of_a_stale_delta_is_stale()
    {
        var sources = new PresenceSources();
        sources.Apply(User(PresenceSignal.NotReady, 200));

        Assert.Equal(ApplyOutcome.Stale, sources.Apply(User(PresenceSignal.Available, 199)));
        Assert.Equal(PresenceSignal.NotReady, sources.User?.Signal);
    }

    [Fact]
    public void Same_timestamp_and_same_state_is_a_duplicate_dropped_and_counted()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(User(PresenceSignal.Available, 100), Clock.At(100));
        var before = machine.Published;

        var step = machine.Apply(User(PresenceSignal.Available, 100), Clock.At(150));

        Assert.Null(step.Published);
        Assert.Same(before, machine.Published);
        Assert.Equal(1, machine.Anomalies.Duplicates);
        Assert.Equal(0, machine.Anomalies.StaleDeltas);
    }

    [Theory]
    [InlineData(PresenceSignal.Available, PresenceSignal.OnCall)]
    [InlineData(PresenceSignal.OnCall, PresenceSignal.Available)]
    [InlineData(PresenceSignal.Online, PresenceSignal.Ringing)]
    [InlineData(PresenceSignal.Ringing, PresenceSignal.Online)]
    [InlineData(PresenceSignal.Offline, PresenceSignal.Online)]
    public void Same_timestamp_different_state_keeps_the_higher_priority_whatever_arrives_first(
        PresenceSignal first, PresenceSignal second)
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(Device("a", first, 100), Clock.At(100));

        machine.Apply(Device("a", second, 100), Clock.At(110));

        var higher = (PresenceSignal)Math.Max((int)first, (int)second);
        Assert.Equal(higher, machine.Sources.Devices["a"].Signal);
        Assert.Equal(1, machine.Anomalies.TimestampTies);
    }

    [Fact]
    public void A_tie_reports_whether_the_incoming_state_won()
    {
        var sources = new PresenceSources();
        sources.Apply(User(PresenceSignal.NotReady, 100));

        Assert.Equal(ApplyOutcome.TieLost, sources.Apply(User(PresenceSignal.Available, 100)));
        Assert.Equal(ApplyOutcome.TieWon, sources.Apply(User(PresenceSignal.OnCall, 100)));
        Assert.Equal(ApplyOutcome.Duplicate, sources.Apply(User(PresenceSignal.OnCall, 100)));
    }

    [Fact]
    public void Each_source_keeps_its_own_clock()
    {
        var sources = new PresenceSources();
        sources.Apply(Device("a", PresenceSignal.Online, 500));
        sources.Apply(User(PresenceSignal.Available, 400));

        // Older than device a and the user level, but device b has never been heard of: not stale.
        Assert.Equal(ApplyOutcome.Applied, sources.Apply(Device("b", PresenceSignal.InUse, 100)));
        Assert.Equal(ApplyOutcome.Stale, sources.Apply(Device("a", PresenceSignal.Offline, 499)));
        Assert.Equal(ApplyOutcome.Stale, sources.Apply(User(PresenceSignal.Offline, 399)));
        Assert.Equal(Clock.At(500), sources.NewestLastUpdated);
    }

    [Fact]
    public void An_empty_cache_has_no_newest_timestamp() =>
        Assert.Equal(DateTimeOffset.MinValue, new PresenceSources().NewestLastUpdated);

    [Fact]
    public void Devices_are_listed_in_ordinal_id_order()
    {
        var sources = new PresenceSources();
        sources.Apply(Device("b", PresenceSignal.Online, 1));
        sources.Apply(Device("B", PresenceSignal.Online, 2));
        sources.Apply(Device("a", PresenceSignal.Online, 3));

        Assert.Equal(["B", "a", "b"], sources.Devices.Keys);
    }
}
