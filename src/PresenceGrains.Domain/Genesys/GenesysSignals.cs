using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Genesys;

/// <summary>
/// How each Genesys source becomes a Domain source (docs/genesys-mapping.md). The presence is the user level: it gives
/// the base (Offline, NotReady, or Available only On Queue). Routing status and conversation summary are sources that
/// only ever claim engagement (NotReady, WrapUp, OnCall) or nothing (Offline), so they raise the base and never lower
/// it; the station is the one source that can make the agent reachable. The composite rule then gives the answer:
/// Available only when On Queue, not interacting, not in a conversation or its wrap-up, and routable only with a
/// station associated.
/// </summary>
public static class GenesysSignals
{
    /// <summary>
    /// The user level. Only On Queue is Available: an agent Available but off queue receives no ACD interaction, so for
    /// routing it is not ready.
    /// </summary>
    public static PresenceSignal Presence(GenesysSystemPresence presence) => presence switch
    {
        GenesysSystemPresence.OnQueue => PresenceSignal.Available,
        GenesysSystemPresence.Offline => PresenceSignal.Offline,
        _ => PresenceSignal.NotReady,
    };

    /// <summary>
    /// Routing status as an engagement claim. INTERACTING says the agent has an ACD interaction, not whether it is
    /// talking or wrapping up: it claims WrapUp, the lower engaged level, and the conversation summary raises it to
    /// OnCall while a conversation is live. IDLE and OFF_QUEUE claim nothing: the presence decides.
    /// </summary>
    public static PresenceSignal Routing(GenesysRoutingStatus status) => status switch
    {
        GenesysRoutingStatus.Interacting => PresenceSignal.WrapUp,
        GenesysRoutingStatus.Communicating => PresenceSignal.OnCall,
        GenesysRoutingStatus.NotResponding => PresenceSignal.NotReady,
        _ => PresenceSignal.Offline,
    };

    /// <summary>A live conversation on any media claims OnCall; only after-call work, WrapUp; none, nothing.</summary>
    public static PresenceSignal Conversations(ConversationCounts counts) =>
        counts.Active > 0 ? PresenceSignal.OnCall
        : counts.Acw > 0 ? PresenceSignal.WrapUp
        : PresenceSignal.Offline;

    /// <summary>An associated station is a reachable device; none, an unreachable one.</summary>
    public static PresenceSignal Station(bool associated) => associated ? PresenceSignal.Online : PresenceSignal.Offline;

    public static PresenceDelta PresenceDelta(string agentId, GenesysSystemPresence presence, DateTimeOffset modifiedDate) =>
        new(agentId, null, Presence(presence), modifiedDate);

    public static PresenceDelta RoutingDelta(string agentId, GenesysRoutingStatus status, DateTimeOffset startTime) =>
        new(agentId, GenesysSourceIds.Routing(agentId), Routing(status), startTime);

    /// <param name="arrival">From <see cref="ArrivalStamps"/>: the summary carries no time of its own.</param>
    public static PresenceDelta ConversationsDelta(string agentId, ConversationCounts counts, DateTimeOffset arrival) =>
        new(agentId, GenesysSourceIds.Conversations(agentId), Conversations(counts), arrival);

    /// <param name="arrival">From <see cref="ArrivalStamps"/>: an association's date says when it began, not when it ended.</param>
    public static PresenceDelta StationDelta(string agentId, bool associated, DateTimeOffset arrival) =>
        new(agentId, GenesysSourceIds.Station(agentId), Station(associated), arrival);
}
