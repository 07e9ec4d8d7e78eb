namespace PresenceGrains.Emulator;

/// <summary>
/// The ground truth of one agent: its declared (user-level) state, the platform's composite (highest priority of the
/// user state and every device), and each device, each with the true time it last changed.
/// </summary>
public sealed record AgentTruth(
    string AgentId,
    string UserState,
    DateTimeOffset UserLastUpdated,
    string CompositeState,
    int CompositePriority,
    IReadOnlyList<DeviceTruth> Devices);

/// <summary>The ground truth of one device.</summary>
public sealed record DeviceTruth(string DeviceId, DeviceKind Kind, string State, DateTimeOffset LastUpdated);

/// <summary>An agent and its devices, as the directory lists them.</summary>
public sealed record AgentInfo(string AgentId, IReadOnlyList<string> DeviceIds);
