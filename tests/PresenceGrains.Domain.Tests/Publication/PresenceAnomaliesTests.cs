using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §2 rule 6: everything off the happy path is counted.</summary>
public sealed class PresenceAnomaliesTests
{
    [Fact]
    public void A_platform_composite_that_disagrees_with_ours_is_counted()
    {
        var machine = Machines.Available();

        machine.Apply(Device("a", PresenceSignal.InUse, 1000), Clock.At(1000), platformComposite: PresenceLevel.OnCall);
        machine.Apply(Device("b", PresenceSignal.Online, 1100), Clock.At(1100), platformComposite: PresenceLevel.Available);
        machine.Apply(Device("b", PresenceSignal.Offline, 1200), Clock.At(1200));

        Assert.Equal(1, machine.Anomalies.CompositeDisagreements);
    }

    [Fact]
    public void Each_kind_of_anomaly_has_its_own_counter()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("a", PresenceSignal.Online, 999), Clock.At(1001));
        machine.Apply(Device("a", PresenceSignal.OnCall, 1000), Clock.At(1002));
        machine.Apply(Device("a", PresenceSignal.Ringing, 1000), Clock.At(1003));
        machine.Apply(Device("a", PresenceSignal.Online, 2000), Clock.At(2000));
        machine.Apply(Device("a", PresenceSignal.InUse, 2001), Clock.At(2001));

        var anomalies = machine.Anomalies;
        Assert.Equal(
            (1L, 1L, 1L, 1L, 0L),
            (anomalies.StaleDeltas, anomalies.Duplicates, anomalies.TimestampTies, anomalies.InversionsHeld, anomalies.CompositeDisagreements));
    }

    [Fact]
    public void Each_applied_delta_reports_what_last_writer_wins_did_with_it()
    {
        var machine = Machines.OnCall();

        var outcomes = new[]
        {
            machine.Apply(Device("a", PresenceSignal.Online, 999), Clock.At(1001)).Outcome,
            machine.Apply(Device("a", PresenceSignal.OnCall, 1000), Clock.At(1002)).Outcome,
            machine.Apply(Device("a", PresenceSignal.WrapUp, 1000), Clock.At(1003)).Outcome,
            machine.Apply(Device("b", PresenceSignal.Ringing, 1000), Clock.At(1004)).Outcome,
            machine.Apply(Device("b", PresenceSignal.InUse, 1000), Clock.At(1005)).Outcome,
        };

        Assert.Equal(
            [ApplyOutcome.Stale, ApplyOutcome.Duplicate, ApplyOutcome.TieLost, ApplyOutcome.Applied, ApplyOutcome.TieWon],
            outcomes.Select(o => o!.Value));
        Assert.Null(machine.Tick(Clock.At(3000)).Outcome);
    }

    [Fact]
    public void Counters_add_up_across_agents_and_restore()
    {
        var total = new PresenceAnomalies();
        total.Restore(stale: 1, duplicates: 2, ties: 3, inversions: 4, disagreements: 5);
        var other = new PresenceAnomalies();
        other.Restore(stale: 10, duplicates: 20, ties: 30, inversions: 40, disagreements: 50);

        total.Add(other);

        Assert.Equal(
            (11L, 22L, 33L, 44L, 55L),
            (total.StaleDeltas, total.Duplicates, total.TimestampTies, total.InversionsHeld, total.CompositeDisagreements));
    }
}
