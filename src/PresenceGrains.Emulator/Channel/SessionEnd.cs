namespace PresenceGrains.Emulator.Channel;

/// <summary>Why a socket ended.</summary>
internal enum SessionEnd
{
    /// <summary>The client closed it, or the connection went away.</summary>
    ClientGone,

    /// <summary>The client stopped answering pings: the platform marks its devices offline.</summary>
    PongTimeout,

    /// <summary>The token expired or was revoked: a 401 frame, then a close.</summary>
    TokenInvalid,

    /// <summary>Aborted by the <c>drop-socket</c> fault.</summary>
    Dropped,

    /// <summary>The client sent a frame above the limit.</summary>
    FrameTooLarge,

    /// <summary>The client let its send queue fill up.</summary>
    SlowConsumer,

    /// <summary>The emulator is stopping.</summary>
    ServerStopping,

    /// <summary>Genesys: the channel expired, was removed as its client's oldest, or deleted.</summary>
    ChannelGone,

    /// <summary>Genesys: a newer socket connected to the same channel.</summary>
    Replaced,

    /// <summary>Genesys: the grace after <c>v2.system.socket_closing</c> ran out.</summary>
    SocketClosing,
}
