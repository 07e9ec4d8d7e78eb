namespace PresenceGrains.Domain.Publication;

/// <summary>What produced a publication (design §2 rule 6).</summary>
public enum PublishCause
{
    Delta = 0,
    Snapshot = 1,
    Decay = 2,
    Reconnect = 3,
}
