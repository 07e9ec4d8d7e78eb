namespace PresenceGrains.Domain.Resolution;

/// <summary>
/// Composite presence in routing-priority order (design §2). The numeric order is the priority:
/// comparisons on this enum are how conflicts resolve, so the values must stay ascending.
/// </summary>
public enum PresenceLevel
{
    Offline = 0,
    Available = 1,
    NotReady = 2,
    WrapUp = 3,
    OnCall = 4,
}
