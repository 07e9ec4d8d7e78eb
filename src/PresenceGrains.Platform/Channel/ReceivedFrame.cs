using System.Net.WebSockets;

namespace PresenceGrains.Platform.Channel;

/// <summary>One whole message read off the socket by <see cref="FrameReader"/>.</summary>
internal readonly record struct ReceivedFrame(ReceivedFrameKind Kind, ReadOnlyMemory<byte> Text, long Length, WebSocketCloseStatus? CloseStatus, string? CloseDescription)
{
    public static ReceivedFrame TextFrame(ReadOnlyMemory<byte> text) => new(ReceivedFrameKind.Text, text, text.Length, null, null);

    public static ReceivedFrame Binary(long length) => new(ReceivedFrameKind.Binary, default, length, null, null);

    public static ReceivedFrame Oversized(long length) => new(ReceivedFrameKind.Oversized, default, length, null, null);

    public static ReceivedFrame Closed(WebSocketCloseStatus? status, string? description) => new(ReceivedFrameKind.Closed, default, 0, status, description);
}

internal enum ReceivedFrameKind
{
    /// <summary>A text message within the size limit; <see cref="ReceivedFrame.Text"/> is valid until the next read.</summary>
    Text,

    /// <summary>A binary message; the protocol has none.</summary>
    Binary,

    /// <summary>A message over the size limit, read to its end and discarded.</summary>
    Oversized,

    /// <summary>The platform closed the channel.</summary>
    Closed,
}
