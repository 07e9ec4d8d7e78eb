namespace PresenceGrains.Abstractions;

/// <summary>
/// The composite presence of an agent, in routing-priority order: a higher value is a busier
/// agent, and when sources disagree the higher one wins so that no call goes to a busy agent.
/// </summary>
public enum AgentState
{
    /// <summary>Signed out, or every source offline.</summary>
    Offline = 0,
    /// <summary>Ready for a call (routable only if also Fresh and reachable).</summary>
    Available = 1,
    /// <summary>Signed in but not taking calls (break, meeting, a device engaged elsewhere).</summary>
    NotReady = 2,
    /// <summary>Finishing the last call's after-work.</summary>
    WrapUp = 3,
    /// <summary>On a call, or a device ringing or in use.</summary>
    OnCall = 4,
}
