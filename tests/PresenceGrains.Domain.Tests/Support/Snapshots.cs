namespace PresenceGrains.Domain.Tests.Support;

/// <summary>REST snapshots of <see cref="Deltas.Agent"/>, stamped in milliseconds after <see cref="Clock.T0"/>.</summary>
internal static class Snapshots
{
    public static AgentSnapshot Of(int takenAtMs, SnapshotSource? user, params SnapshotDevice[] devices) =>
        new(Deltas.Agent, user, devices, Clock.At(takenAtMs));

    public static SnapshotSource User(PresenceSignal signal, int atMs) => new(signal, Clock.At(atMs));

    public static SnapshotDevice Device(string deviceId, PresenceSignal signal, int atMs) => new(deviceId, signal, Clock.At(atMs));
}
