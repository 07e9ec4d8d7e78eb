using static PresenceGrains.Domain.Tests.Support.Snapshots;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>
/// An agent with nothing stored starts its sequences above a floor a lost activation of it cannot have reached, and one
/// outranked by another activation publishes again past it.
/// </summary>
public sealed class SequenceFloorTests
{
    [Fact]
    public void A_machine_that_has_not_published_starts_after_the_floor()
    {
        var machine = new AgentPresenceMachine();
        machine.StartSequencesAfter(5_000);

        var first = machine.ApplySnapshot(Of(1600, User(PresenceSignal.Available, 1500)), Clock.At(1600));
        var second = machine.ApplySnapshot(Of(1700, User(PresenceSignal.NotReady, 1650)), Clock.At(1700));

        Assert.Equal(5_001, first.Published?.Sequence);
        Assert.Equal(5_002, second.Published?.Sequence);
    }

    [Fact]
    public void The_floor_changes_nothing_else_of_a_first_publication()
    {
        var plain = new AgentPresenceMachine();
        var floored = new AgentPresenceMachine();
        floored.StartSequencesAfter(5_000);

        var a = plain.ApplySnapshot(Of(1600, User(PresenceSignal.Available, 1500)), Clock.At(1600)).Published!;
        var b = floored.ApplySnapshot(Of(1600, User(PresenceSignal.Available, 1500)), Clock.At(1600)).Published!;

        Assert.Equal(a with { Sequence = 0 }, b with { Sequence = 0, Devices = a.Devices });
        Assert.Equal(a.Devices, b.Devices);
    }

    [Fact]
    public void A_machine_that_has_published_keeps_its_own_sequence()
    {
        var machine = Machines.Available();
        var before = machine.Published.Sequence;

        machine.StartSequencesAfter(5_000);
        var step = machine.ApplySnapshot(Of(1600, User(PresenceSignal.NotReady, 1500)), Clock.At(1600));

        Assert.Equal(before + 1, step.Published?.Sequence);
    }

    [Fact]
    public void A_machine_outranked_by_another_activation_publishes_the_same_view_past_it_and_goes_on_from_there()
    {
        var machine = Machines.Available();
        var shown = machine.Published;

        var step = machine.Reassert(shown.Sequence + 40);
        var next = machine.ApplySnapshot(Of(1600, User(PresenceSignal.NotReady, 1500)), Clock.At(1600));

        Assert.Equal(shown with { Sequence = shown.Sequence + 41 }, step.Published);
        Assert.Equal(step.Published, shown with { Sequence = step.Published!.Sequence });
        Assert.Equal(shown.Sequence + 42, next.Published?.Sequence);
    }

    [Fact]
    public void A_machine_already_past_the_other_activation_or_that_never_published_does_not_publish_again()
    {
        var machine = Machines.Available();
        var shown = machine.Published;

        Assert.Null(machine.Reassert(shown.Sequence - 1).Published);
        Assert.Equal(shown, machine.Published);
        Assert.Equal(shown.Sequence + 1, machine.Reassert(shown.Sequence).Published?.Sequence);
        Assert.Null(new AgentPresenceMachine().Reassert(10).Published);
    }

    [Fact]
    public void A_negative_floor_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentPresenceMachine().StartSequencesAfter(-1));
    }
}
