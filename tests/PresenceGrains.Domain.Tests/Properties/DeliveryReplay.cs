namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>Drives a machine as the agent grain does: deliveries in time order, each hold deadline fired at its instant.</summary>
internal static class DeliveryReplay
{
    /// <param name="observe">Called after every step with its instant and what is published then.</param>
    /// <param name="machine">A machine already set up (by a snapshot, say); a new one when null.</param>
    public static AgentPresenceMachine Run(
        IEnumerable<Delivery> deliveries, Action<DateTimeOffset, AgentView>? observe = null, AgentPresenceMachine? machine = null)
    {
        machine ??= new AgentPresenceMachine();
        foreach (var delivery in deliveries.OrderBy(d => d.At))
        {
            FireDeadlines(machine, delivery.At, observe);
            machine.Apply(delivery.Delta, delivery.At);
            observe?.Invoke(delivery.At, machine.Published);
        }

        FireDeadlines(machine, DateTimeOffset.MaxValue, observe);
        return machine;
    }

    /// <summary>Applies deltas one by one, 1 ms apart, in the given order, then lets every window close.</summary>
    public static AgentPresenceMachine InOrder(IEnumerable<PresenceDelta> deltas) =>
        Run(deltas.Select((delta, i) => new Delivery(Clock.At(i), delta)));

    private static void FireDeadlines(AgentPresenceMachine machine, DateTimeOffset until, Action<DateTimeOffset, AgentView>? observe)
    {
        while (machine.HoldUntil is { } deadline && deadline <= until)
        {
            machine.Tick(deadline);
            observe?.Invoke(deadline, machine.Published);
        }
    }
}
