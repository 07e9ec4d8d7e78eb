namespace PresenceGrains.Abstractions;

/// <summary>
/// The resolved presence of one agent, as published: what routing, supervisors and WFM read.
/// </summary>
/// <param name="TenantId">The tenant the agent belongs to.</param>
/// <param name="AgentId">The platform's user id.</param>
/// <param name="State">The composite state after device resolution.</param>
/// <param name="Routable">True only when Available, Fresh and reachable on at least one device.</param>
/// <param name="Freshness">Whether the channel behind this state is current.</param>
/// <param name="Since">When the published composite state last changed.</param>
/// <param name="LastUpdated">The platform timestamp of the newest input that shaped this state.</param>
/// <param name="Cause">What produced this publication.</param>
/// <param name="Sequence">Per-agent publication counter; strictly increasing.</param>
/// <param name="Devices">Every known device of the agent.</param>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("PresenceGrains.AgentPresence")]
public sealed record AgentPresence(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] AgentState State,
    [property: Id(3)] bool Routable,
    [property: Id(4)] Freshness Freshness,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] DateTimeOffset LastUpdated,
    [property: Id(7)] ChangeCause Cause,
    [property: Id(8)] long Sequence,
    [property: Id(9)] IReadOnlyList<DevicePresence> Devices);
