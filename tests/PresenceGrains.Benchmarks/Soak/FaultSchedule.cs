using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>
/// Every emulator fault, switched on in turn for an equal share of the soak: what each one does to the channel is
/// something a real carrier or platform does.
/// </summary>
internal static class FaultSchedule
{
    /// <summary>The faults in the order they run: a name, how to switch it on, how to switch it off.</summary>
    public static IReadOnlyList<FaultTurn> Turns(EmulatorServer emulator)
    {
        var faults = emulator.Faults;
        return
        [
            new("reorder (30 %, ≤ 250 ms)", () => faults.Reorder = new ReorderFault(0.3, 250), () => faults.Reorder = null),
            new("duplicate (20 %)", () => faults.Duplicate = new DuplicateFault(0.2), () => faults.Duplicate = null),
            new("delay (200 ms + ≤ 100 ms jitter)", () => faults.Delay = new DelayFault(200, 100), () => faults.Delay = null),
            new("socket drop", emulator.DropAllSockets, () => { }),
            new("heartbeat loss (half-open socket)", () => faults.StopHeartbeats = true, () => faults.StopHeartbeats = false),
            new("token expiry (all expire; new ones live 10 s)", () =>
            {
                faults.TokenLifetimeSeconds = 10;
                emulator.ExpireTokens();
            }, () => faults.TokenLifetimeSeconds = null),
            new("429 on reconnect (3 refusals, Retry-After 2 s) after a drop", () =>
            {
                faults.RefuseReconnects = new RefuseReconnectsFault(Count: 3, RetryAfterSeconds: 2);
                emulator.DropAllSockets();
            }, () => faults.RefuseReconnects = null),
            new("malformed JSON (5 %) and oversized (1 %, 256 KiB) frames", () =>
            {
                faults.MalformedFrames = new MalformedFramesFault(Probability: 0.05);
                faults.OversizedFrames = new OversizedFramesFault(Probability: 0.01, SizeBytes: 256 * 1024);
            }, () =>
            {
                faults.MalformedFrames = null;
                faults.OversizedFrames = null;
            }),
            new("schema-invalid frames (5 %)", () => faults.MalformedFrames = new MalformedFramesFault(0.05, Kind: MalformedKind.SchemaInvalid),
                () => faults.MalformedFrames = null),
            new("changes during disconnection (20 agents) after a drop", () =>
            {
                faults.ChangesWhileDisconnected = new ChangesWhileDisconnectedFault(20);
                emulator.DropAllSockets();
            }, () => faults.ChangesWhileDisconnected = null),
        ];
    }
}

/// <summary>One fault's turn.</summary>
internal sealed record FaultTurn(string Name, Action SwitchOn, Action SwitchOff);
