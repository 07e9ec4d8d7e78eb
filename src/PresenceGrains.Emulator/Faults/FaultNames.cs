namespace PresenceGrains.Emulator;

/// <summary>The names of the faults in <c>/emulator/faults/{name}</c>.</summary>
public static class FaultNames
{
    public const string Reorder = "reorder";
    public const string Duplicate = "duplicate";
    public const string Delay = "delay";
    public const string DropSocket = "drop-socket";
    public const string StopHeartbeats = "stop-heartbeats";
    public const string ExpireTokens = "expire-tokens";
    public const string RevokeTokens = "revoke-tokens";
    public const string RefuseReconnects = "refuse-reconnects";
    public const string MalformedFrames = "malformed-frames";
    public const string OversizedFrames = "oversized-frames";
    public const string ChangesWhileDisconnected = "changes-while-disconnected";
    public const string UndeclaredProperties = "undeclared-properties";
    public const string LoseDeltas = "lose-deltas";
    public const string RateLimit = "rate-limit";
    public const string SocketClosing = "socket-closing";
    public const string ExpireChannels = "expire-channels";

    public static IReadOnlyList<string> All { get; } =
    [
        Reorder, Duplicate, Delay, DropSocket, StopHeartbeats, ExpireTokens, RevokeTokens, RefuseReconnects,
        MalformedFrames, OversizedFrames, ChangesWhileDisconnected, UndeclaredProperties, LoseDeltas, RateLimit, SocketClosing,
        ExpireChannels,
    ];
}
