using System.Net.WebSockets;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Reads whole messages off a WebSocket into one fixed buffer of the frame limit. A message over the limit is read to its
/// end into the same buffer and dropped, so memory stays bounded and the channel stays in step.
/// </summary>
internal sealed class FrameReader
{
    private readonly WebSocket _socket;
    private readonly byte[] _buffer;

    public FrameReader(WebSocket socket, int maxFrameBytes)
    {
        _socket = socket;
        _buffer = new byte[maxFrameBytes];
    }

    public async ValueTask<ReceivedFrame> ReadAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReceivedFrame.Closed(_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Binary
                    ? ReceivedFrame.Binary(count)
                    : ReceivedFrame.TextFrame(_buffer.AsMemory(0, count));
            }

            if (count == _buffer.Length)
            {
                return await DiscardRestAsync(count, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<ReceivedFrame> DiscardRestAsync(long length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReceivedFrame.Closed(_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return ReceivedFrame.Oversized(length);
            }
        }
    }
}
