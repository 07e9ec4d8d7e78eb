namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// One agent as Genesys Cloud shows it: its presence, routing status, conversation counts and associated station, each
/// with the time it began (the conversation summary has none). Mutated under the contact centre's lock only.
/// </summary>
internal sealed class GenesysAgentView(string agentId, DateTimeOffset origin)
{
    public string AgentId { get; } = agentId;

    /// <summary>The declared (user-level) state and the reason it was declared with, as the simulation last set them.</summary>
    public string UserState { get; set; } = PresenceStates.Offline;

    public string? UserReason { get; set; }

    public string SystemPresence { get; set; } = GenesysPresences.Offline;

    public DateTimeOffset PresenceModified { get; set; } = origin;

    public string RoutingStatus { get; set; } = GenesysRoutingStatuses.OffQueue;

    public DateTimeOffset RoutingStart { get; set; } = origin;

    public int ActiveCalls { get; set; }

    public int AcwCalls { get; set; }

    /// <summary>The device whose station the agent is associated with; null when none.</summary>
    public string? StationDeviceId { get; set; }

    public DateTimeOffset StationSince { get; set; } = origin;
}
