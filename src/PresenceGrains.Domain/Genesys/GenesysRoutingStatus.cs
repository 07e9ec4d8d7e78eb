namespace PresenceGrains.Domain.Genesys;

/// <summary>Genesys Cloud's ACD routing status (<c>routingStatus.status</c>).</summary>
public enum GenesysRoutingStatus
{
    OffQueue,
    Idle,
    Interacting,
    NotResponding,
    Communicating,
}

/// <summary>Reads a routing status as Genesys spells it on the wire.</summary>
public static class GenesysRoutingStatuses
{
    /// <summary>The status <paramref name="wire"/> names (<c>OFF_QUEUE</c>, <c>IDLE</c>, …), or null when it names none.</summary>
    public static GenesysRoutingStatus? Parse(string? wire) => wire switch
    {
        "OFF_QUEUE" => GenesysRoutingStatus.OffQueue,
        "IDLE" => GenesysRoutingStatus.Idle,
        "INTERACTING" => GenesysRoutingStatus.Interacting,
        "NOT_RESPONDING" => GenesysRoutingStatus.NotResponding,
        "COMMUNICATING" => GenesysRoutingStatus.Communicating,
        _ => null,
    };

    /// <summary>The wire spelling.</summary>
    public static string ToWire(GenesysRoutingStatus status) => status switch
    {
        GenesysRoutingStatus.OffQueue => "OFF_QUEUE",
        GenesysRoutingStatus.Idle => "IDLE",
        GenesysRoutingStatus.Interacting => "INTERACTING",
        GenesysRoutingStatus.NotResponding => "NOT_RESPONDING",
        GenesysRoutingStatus.Communicating => "COMMUNICATING",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown routing status."),
    };
}
