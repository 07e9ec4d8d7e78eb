using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Publication;

/// <summary>Design §3: silent devices and long-lost channels decay to offline, published at once.</summary>
public sealed class DecayTests
{
    [Fact]
    public void A_decayed_device_is_published_at_once_with_cause_decay()
    {
        var machine = Machines.OnCall();

        var step = machine.DecayDevice("a", Clock.At(9000));

        Assert.NotNull(step.Published);
        Assert.Equal(PresenceLevel.Available, step.Published.Level);
        Assert.False(step.Published.Routable);
        Assert.Equal(PublishCause.Decay, step.Published.Cause);
        Assert.Equal(PresenceSignal.Offline, step.Published.Devices.Single().Signal);
        Assert.Equal(new SourceState(PresenceSignal.Offline, Clock.At(1000), Decayed: true), machine.Sources.Devices["a"]);
        Assert.Null(step.HoldUntil);
    }

    [Fact]
    public void Decaying_an_unknown_or_offline_device_changes_nothing()
    {
        var machine = Machines.Available();
        machine.Apply(Device("b", PresenceSignal.Offline, 1000), Clock.At(1000));
        var shown = machine.Published;

        Assert.Null(machine.DecayDevice("unknown", Clock.At(9000)).Published);
        Assert.Null(machine.DecayDevice("b", Clock.At(9000)).Published);
        Assert.Same(shown, machine.Published);
        Assert.False(machine.Sources.Devices["b"].Decayed);
    }

    [Fact]
    public void A_strictly_newer_delta_restores_a_decayed_device()
    {
        var machine = Machines.OnCall();
        machine.DecayDevice("a", Clock.At(9000));

        machine.Apply(Device("a", PresenceSignal.InUse, 1001), Clock.At(9100));

        Assert.Equal(new SourceState(PresenceSignal.InUse, Clock.At(1001)), machine.Sources.Devices["a"]);
        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
    }

    [Fact]
    public void A_late_duplicate_of_the_signal_before_decay_does_not_restore_it()
    {
        var machine = Machines.OnCall();
        machine.DecayDevice("a", Clock.At(9000));

        var step = machine.Apply(Device("a", PresenceSignal.OnCall, 1000), Clock.At(9100));

        Assert.Null(step.Published);
        Assert.Equal(PresenceSignal.Offline, machine.Sources.Devices["a"].Signal);
        Assert.Equal(1, machine.Anomalies.StaleDeltas);
    }

    [Fact]
    public void Decaying_every_source_publishes_offline_at_once()
    {
        var machine = Machines.OnCall();
        machine.Apply(Device("b", PresenceSignal.Online, 1100), Clock.At(1100));

        var step = machine.DecayAll(Clock.At(60_000));

        Assert.NotNull(step.Published);
        Assert.Equal(PresenceLevel.Offline, step.Published.Level);
        Assert.False(step.Published.Routable);
        Assert.Equal(PublishCause.Decay, step.Published.Cause);
        Assert.Equal(new SourceState(PresenceSignal.Offline, Clock.At(0), Decayed: true), machine.Sources.User);
        Assert.All(machine.Sources.Devices.Values, d => Assert.Equal((PresenceSignal.Offline, true), (d.Signal, d.Decayed)));
    }

    [Fact]
    public void Decaying_an_agent_without_a_user_level_gives_it_a_decayed_offline_one_that_any_delta_replaces()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(Device("a", PresenceSignal.Online, 0), Clock.At(0));

        machine.DecayAll(Clock.At(60_000));

        Assert.Equal(new SourceState(PresenceSignal.Offline, DateTimeOffset.MinValue, Decayed: true), machine.Sources.User);
        machine.Apply(User(PresenceSignal.NotReady, 100), Clock.At(60_100));
        Assert.Equal(PresenceLevel.NotReady, machine.Published.Level);
    }

    [Fact]
    public void Decaying_an_agent_already_offline_publishes_nothing()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(User(PresenceSignal.Offline, 0), Clock.At(0));
        machine.Apply(Device("a", PresenceSignal.Offline, 0), Clock.At(0));

        Assert.Null(machine.DecayAll(Clock.At(60_000)).Published);
    }
}
