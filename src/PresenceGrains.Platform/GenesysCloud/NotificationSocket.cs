using System.Net;
using System.Net.WebSockets;
using System.Text;
using PresenceGrains.Platform.Rest;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// One WebSocket to one notification channel: frames read whole into a fixed buffer (a larger one is read to its end
/// and reported as oversized), the client's ping, and the time anything last arrived.
/// </summary>
internal sealed class NotificationSocket : IAsyncDisposable
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("""{"message":"ping"}""");

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private long _lastTrafficTicks;

    private NotificationSocket(NotificationChannel channel, ClientWebSocket socket, TimeProvider time)
    {
        Channel = channel;
        _socket = socket;
        _time = time;
        Touch();
    }

    public NotificationChannel Channel { get; }

    /// <summary>When the last frame of any kind arrived (or the socket opened).</summary>
    public DateTimeOffset LastTraffic => new(Interlocked.Read(ref _lastTrafficTicks), TimeSpan.Zero);

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <exception cref="PlatformRequestException">The upgrade was refused: its status, and a 429's Retry-After.</exception>
    public static async Task<NotificationSocket> ConnectAsync(NotificationChannel channel, TimeSpan handshakeTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(handshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(channel.ConnectUri, linked.Token).ConfigureAwait(false);
            return new NotificationSocket(channel, socket, time);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode is var status and not 0)
        {
            var retryAfter = status == HttpStatusCode.TooManyRequests
                ? RetryAfterHeader.Parse(
                    socket.HttpResponseHeaders?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault(),
                    time.GetUtcNow())
                : null;
            socket.Dispose();
            throw new PlatformRequestException($"The channel's socket was refused: {(int)status} {status}", status, retryAfter, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next text frame's length in <paramref name="buffer"/>; -1 when the socket closed; -2 for a frame larger than the
    /// buffer (read to its end and dropped).
    /// </summary>
    public async Task<int> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        var oversized = false;
        while (true)
        {
            var segment = oversized || length == buffer.Length ? new ArraySegment<byte>(new byte[4096]) : new ArraySegment<byte>(buffer, length, buffer.Length - length);
            var result = await _socket.ReceiveAsync(segment, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            if (oversized || length == buffer.Length)
            {
                oversized = true;
            }
            else
            {
                length += result.Count;
            }

            if (result.EndOfMessage)
            {
                Touch();
                return oversized ? -2 : length;
            }
        }
    }

    /// <summary>Sends <c>{"message":"ping"}</c>; Genesys answers with a pong on <c>channel.metadata</c>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "replaced", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing politely is a courtesy; the socket is released either way.
            }
        }

        _socket.Abort();
        _socket.Dispose();
        _sending.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastTrafficTicks, _time.GetUtcNow().UtcTicks);
}
