using PresenceGrains.Domain.Genesys;

namespace PresenceGrains.Domain.Tests.Genesys;

/// <summary>
/// Every row of the table in docs/genesys-mapping.md, as the agent grain would resolve it: the four Genesys sources read
/// in one snapshot, then the hold window closed. Keep the two in step: a row here is a row there.
/// </summary>
public sealed class GenesysMappingTableTests
{
    [Theory]
    //          presence     routing          active acw station  → level                 routable
    [InlineData("Offline",   "OFF_QUEUE",      0, 0, false, PresenceLevel.Offline,   false)]
    [InlineData("Offline",   "OFF_QUEUE",      0, 0, true,  PresenceLevel.Offline,   false)]
    [InlineData("On Queue",  "IDLE",           0, 0, true,  PresenceLevel.Available, true)]
    [InlineData("On Queue",  "IDLE",           0, 0, false, PresenceLevel.Available, false)]
    [InlineData("On Queue",  "INTERACTING",    1, 0, true,  PresenceLevel.OnCall,    false)]
    [InlineData("On Queue",  "INTERACTING",    0, 1, true,  PresenceLevel.WrapUp,    false)]
    [InlineData("On Queue",  "INTERACTING",    0, 0, true,  PresenceLevel.WrapUp,    false)]
    [InlineData("On Queue",  "INTERACTING",    1, 1, true,  PresenceLevel.OnCall,    false)]
    [InlineData("On Queue",  "COMMUNICATING",  0, 0, true,  PresenceLevel.OnCall,    false)]
    [InlineData("On Queue",  "NOT_RESPONDING", 0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("On Queue",  "IDLE",           1, 0, true,  PresenceLevel.OnCall,    false)]
    [InlineData("On Queue",  "IDLE",           0, 1, true,  PresenceLevel.WrapUp,    false)]
    [InlineData("Available", "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Away",      "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Busy",      "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Break",     "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Meal",      "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Meeting",   "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Training",  "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Idle",      "OFF_QUEUE",      0, 0, true,  PresenceLevel.NotReady,  false)]
    [InlineData("Away",      "OFF_QUEUE",      1, 0, true,  PresenceLevel.OnCall,    false)]
    [InlineData("Available", "OFF_QUEUE",      0, 1, true,  PresenceLevel.WrapUp,    false)]
    [InlineData("Offline",   "OFF_QUEUE",      1, 0, false, PresenceLevel.OnCall,    false)]
    public void A_snapshot_of_the_four_sources_resolves_as_the_table_says(
        string presence, string routing, int active, int acw, bool station, PresenceLevel level, bool routable)
    {
        var machine = new AgentPresenceMachine();
        var reading = new GenesysAgentReading(
            Deltas.Agent,
            GenesysSystemPresences.Parse(presence),
            Clock.At(0),
            GenesysRoutingStatuses.Parse(routing),
            Clock.At(0),
            new ConversationCounts(active, acw),
            station,
            Clock.At(0));

        machine.ApplySnapshot(reading.ToSnapshot(), Clock.At(0));
        machine.Tick(Clock.At(1000));

        Assert.Equal((level, routable), (machine.Published.Level, machine.Published.Routable));
    }

    [Theory]
    [InlineData("On Queue")]
    [InlineData("OnQueue")]
    [InlineData("ON_QUEUE")]
    [InlineData("on queue")]
    public void On_Queue_is_read_in_every_spelling_Genesys_uses(string wire) =>
        Assert.Equal(GenesysSystemPresence.OnQueue, GenesysSystemPresences.Parse(wire));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Lunch")]
    [InlineData("OFFQUEUE")]
    public void An_unknown_presence_or_routing_status_is_refused(string? wire)
    {
        Assert.Null(GenesysSystemPresences.Parse(wire));
        Assert.Null(GenesysRoutingStatuses.Parse(wire));
    }

    [Fact]
    public void A_part_the_answer_leaves_out_never_overrides_what_the_agent_knows()
    {
        var machine = new AgentPresenceMachine();
        machine.Apply(GenesysSignals.RoutingDelta(Deltas.Agent, GenesysRoutingStatus.Interacting, Clock.At(0)), Clock.At(0));
        var reading = new GenesysAgentReading(
            Deltas.Agent, GenesysSystemPresence.OnQueue, Clock.At(0), null, null, null, StationAssociated: true, Clock.At(10));

        machine.ApplySnapshot(reading.ToSnapshot(), Clock.At(10));
        machine.Tick(Clock.At(1000));

        Assert.Equal(PresenceLevel.WrapUp, machine.Published.Level);
    }

    [Fact]
    public void Sources_without_a_timestamp_are_ordered_by_arrival_even_when_the_clock_steps_back()
    {
        var stamps = new ArrivalStamps();
        var first = stamps.Next(Clock.At(1000));
        var second = stamps.Next(Clock.At(400));
        var machine = new AgentPresenceMachine();

        machine.Apply(GenesysSignals.ConversationsDelta(Deltas.Agent, new ConversationCounts(1, 0), first), Clock.At(0));
        var outcome = machine.Apply(GenesysSignals.ConversationsDelta(Deltas.Agent, new ConversationCounts(0, 1), second), Clock.At(1));

        Assert.True(second > first);
        Assert.Equal(ApplyOutcome.Applied, outcome.Outcome);
        Assert.Equal(PresenceSignal.WrapUp, machine.Sources.Devices[GenesysSourceIds.Conversations(Deltas.Agent)].Signal);
    }

    [Fact]
    public void A_delta_that_arrives_while_a_snapshot_is_out_is_kept_over_it()
    {
        var stamps = new ArrivalStamps();
        var requestSent = stamps.Next(Clock.At(0));
        var machine = new AgentPresenceMachine();
        machine.Apply(GenesysSignals.ConversationsDelta(Deltas.Agent, new ConversationCounts(1, 0), stamps.Next(Clock.At(5))), Clock.At(5));
        var reading = new GenesysAgentReading(
            Deltas.Agent, GenesysSystemPresence.OnQueue, Clock.At(0), GenesysRoutingStatus.Interacting, Clock.At(0),
            ConversationCounts.None, StationAssociated: true, requestSent);

        machine.ApplySnapshot(reading.ToSnapshot(), Clock.At(10));

        Assert.Equal(PresenceLevel.OnCall, machine.Published.Level);
    }
}
