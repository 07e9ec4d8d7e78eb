namespace PresenceGrains.Emulator.Channel;

/// <summary>One frame waiting in a socket's queue: a shared, already serialised payload, and when it was queued.</summary>
internal readonly record struct OutboundFrame(FrameKind Kind, byte[] Payload, long QueuedAt);

/// <summary>What a queued frame is; faults treat them differently.</summary>
internal enum FrameKind
{
    /// <summary>A <c>presenceStateChange</c>, or a Genesys event that carries its own time (presence, routing status).</summary>
    Delta,

    /// <summary>A Genesys event without a time of its own (conversation summary, station): never reordered.</summary>
    UnstampedDelta,

    Heartbeat,

    /// <summary>Internal platform chatter for global subscriptions.</summary>
    Noise,

    /// <summary>An answer to the client (<c>subscribed</c>, <c>error</c>); never held back by faults.</summary>
    Reply,

    /// <summary>Not a frame: close the socket with the session's close status after what was queued before.</summary>
    Close,
}
