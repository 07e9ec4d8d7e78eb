namespace PresenceGrains.Grains.Agents;

/// <summary>Anomaly counters: one agent's, persisted with its state, or a silo's totals for a tenant.</summary>
[GenerateSerializer, Alias("PresenceGrains.AgentAnomalies")]
public sealed record AgentAnomalies(
    [property: Id(0)] long StaleDeltas,
    [property: Id(1)] long Duplicates,
    [property: Id(2)] long TimestampTies,
    [property: Id(3)] long InversionsHeld,
    [property: Id(4)] long CompositeDisagreements)
{
    public static AgentAnomalies None { get; } = new(0, 0, 0, 0, 0);
}
