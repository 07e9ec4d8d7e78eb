namespace PresenceGrains.Domain.Tests.Support;

/// <summary>Deltas for one agent, stamped in milliseconds after <see cref="Clock.T0"/> so tests read as a timeline.</summary>
internal static class Deltas
{
    public const string Agent = "agent-1";

    public static PresenceDelta User(PresenceSignal signal, int atMs) => new(Agent, null, signal, Clock.At(atMs));

    public static PresenceDelta Device(string deviceId, PresenceSignal signal, int atMs) => new(Agent, deviceId, signal, Clock.At(atMs));
}
