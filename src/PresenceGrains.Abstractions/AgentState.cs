namespace PresenceGrains.Abstractions;

/// <summary>
/// The composite presence of an agent, in routing-priority order: a higher value is a busier
/// agent, and when sources disagree the higher one wins so that no call goes to a busy agent.
/// </summary>
public enum AgentState
{
    Offline = 0,
    Available = 1,
    NotReady = 2,
    WrapUp = 3,
    OnCall = 4,
}
