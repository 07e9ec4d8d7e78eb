namespace PresenceGrains.Abstractions;

/// <summary>
/// An agent's published transitions over a period, with the channel's disconnection windows that overlap it: what WFM
/// needs to tell real idle time from a lost connection.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.AgentHistory")]
public sealed record AgentHistory(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] IReadOnlyList<PresenceEvent> Transitions,
    [property: Id(5)] IReadOnlyList<DisconnectionWindow> Disconnections);
