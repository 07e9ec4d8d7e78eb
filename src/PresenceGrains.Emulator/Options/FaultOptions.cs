namespace PresenceGrains.Emulator;

/// <summary>The faults switched on at start-up (null or false: off). The same settings as <c>POST /emulator/faults/{name}</c>.</summary>
public sealed class FaultOptions
{
    public ReorderFault? Reorder { get; set; }

    public DuplicateFault? Duplicate { get; set; }

    public DelayFault? Delay { get; set; }

    /// <summary>Half-open channel: the socket stays open but carries no heartbeats and no deltas.</summary>
    public bool StopHeartbeats { get; set; }

    public RefuseReconnectsFault? RefuseReconnects { get; set; }

    public MalformedFramesFault? MalformedFrames { get; set; }

    public OversizedFramesFault? OversizedFrames { get; set; }

    public ChangesWhileDisconnectedFault? ChangesWhileDisconnected { get; set; }

    public UndeclaredPropertiesFault? UndeclaredProperties { get; set; }

    public LoseDeltasFault? LoseDeltas { get; set; }

    /// <summary>Tokens issued live this long while set (a token lifetime shorter than <see cref="EmulatorOptions.TokenLifetime"/>).</summary>
    public int? TokenLifetimeSeconds { get; set; }
}
