namespace PresenceGrains.Abstractions;

/// <summary>
/// One published change in a tenant's feed, numbered by a per-tenant counter: the <c>id</c> a live-feed client resumes
/// from, and the order history replays in.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("PresenceGrains.PresenceEvent")]
public sealed record PresenceEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] AgentPresence Presence);
