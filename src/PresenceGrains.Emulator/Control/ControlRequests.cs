namespace PresenceGrains.Emulator.Control;

/// <summary>Body of <c>POST /emulator/agents/{id}/state</c> and <c>POST /emulator/devices/{id}/state</c>.</summary>
internal sealed record StateChangeRequest(string State, string? Reason);

/// <summary>Body of <c>POST /emulator/burst</c>.</summary>
internal sealed record BurstRequest(long Count);

/// <summary>Answer of <c>POST /emulator/burst</c>.</summary>
internal sealed record BurstResult(long Emitted, double Seconds);

/// <summary>Answer of <c>GET /emulator/simulation</c>.</summary>
internal sealed record SimulationStatus(bool Running, int Agents, int OpenSockets);
