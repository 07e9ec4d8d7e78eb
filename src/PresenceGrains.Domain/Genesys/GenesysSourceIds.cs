namespace PresenceGrains.Domain.Genesys;

/// <summary>
/// Genesys has no per-device presence: its routing status, conversation summary and station association become sources
/// of their own beside the user level, each a "device" of the agent named here, so that per-source last-writer-wins and
/// the composite resolve them unchanged. The names are stable per agent (a station change is not a new device).
/// </summary>
public static class GenesysSourceIds
{
    public const string RoutingSuffix = "/routing";
    public const string ConversationsSuffix = "/conversations";
    public const string StationSuffix = "/station";

    public static string Routing(string agentId) => agentId + RoutingSuffix;

    public static string Conversations(string agentId) => agentId + ConversationsSuffix;

    public static string Station(string agentId) => agentId + StationSuffix;

    /// <summary>The three source ids of one agent, in the order a snapshot lists them.</summary>
    public static IReadOnlyList<string> All(string agentId) => [Conversations(agentId), Routing(agentId), Station(agentId)];
}
