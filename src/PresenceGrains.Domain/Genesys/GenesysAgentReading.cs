using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Genesys;

/// <summary>
/// One user as the bulk users endpoint returns it with presence, routing status, conversation summary and station
/// expanded. A part the answer leaves out is null: it becomes the source's quietest state stamped
/// <see cref="DateTimeOffset.MinValue"/>, which fills a gap but never overrides anything the agent already knows.
/// </summary>
/// <param name="ReadAt">From <see cref="ArrivalStamps"/> when the request was sent: the stamp of the parts without a time
/// of their own, so a delta that arrives while the request is out is kept over it.</param>
public sealed record GenesysAgentReading(
    string AgentId,
    GenesysSystemPresence? Presence,
    DateTimeOffset? PresenceModified,
    GenesysRoutingStatus? Routing,
    DateTimeOffset? RoutingStart,
    ConversationCounts? Conversations,
    bool StationAssociated,
    DateTimeOffset ReadAt)
{
    /// <summary>The Domain snapshot: the user level and the agent's three Genesys sources.</summary>
    public AgentSnapshot ToSnapshot()
    {
        var user = Presence is { } presence && PresenceModified is { } modified
            ? new SnapshotSource(GenesysSignals.Presence(presence), modified)
            : new SnapshotSource(PresenceSignal.Offline, DateTimeOffset.MinValue);
        var routing = Routing is { } status && RoutingStart is { } start
            ? new SnapshotDevice(GenesysSourceIds.Routing(AgentId), GenesysSignals.Routing(status), start)
            : new SnapshotDevice(GenesysSourceIds.Routing(AgentId), PresenceSignal.Offline, DateTimeOffset.MinValue);
        var conversations = Conversations is { } counts
            ? new SnapshotDevice(GenesysSourceIds.Conversations(AgentId), GenesysSignals.Conversations(counts), ReadAt)
            : new SnapshotDevice(GenesysSourceIds.Conversations(AgentId), PresenceSignal.Offline, DateTimeOffset.MinValue);
        var station = new SnapshotDevice(GenesysSourceIds.Station(AgentId), GenesysSignals.Station(StationAssociated), ReadAt);
        return new AgentSnapshot(AgentId, user, [conversations, routing, station], ReadAt);
    }
}
