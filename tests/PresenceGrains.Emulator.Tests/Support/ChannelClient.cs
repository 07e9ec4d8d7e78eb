using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests.Support;

/// <summary>
/// A real <see cref="ClientWebSocket"/> on the emulator's channel. A pump reads whole text frames into a queue, so a
/// test can wait for a frame with a timeout without cancelling (and so aborting) the socket's own receive.
/// </summary>
internal sealed class ChannelClient : IAsyncDisposable
{
    private readonly Channel<string?> _frames = System.Threading.Channels.Channel.CreateUnbounded<string?>();
    private readonly Task _pump;

    private ChannelClient(ClientWebSocket socket)
    {
        Socket = socket;
        _pump = PumpAsync();
    }

    public ClientWebSocket Socket { get; }

    public static async Task<ChannelClient> ConnectAsync(EmulatorServer server, string token, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(new Uri(server.ChannelUrl + "?access_token=" + Uri.EscapeDataString(token)), Timeouts.Token());
        return new ChannelClient(socket);
    }

    /// <summary>Connects to any socket URL the emulator gave out (a Genesys channel's <c>connectUri</c>).</summary>
    public static async Task<ChannelClient> ConnectToAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, Timeouts.Token());
        return new ChannelClient(socket);
    }

    /// <summary>
    /// A crashed client: it subscribes, reads the acknowledgement, then never reads again, so it never sees the
    /// server's pings and never answers them (its own keep-alive is off).
    /// </summary>
    public static async Task<ClientWebSocket> SubscribeThenFreezeAsync(EmulatorServer server, string token, SubscriptionRequest request)
    {
        var socket = new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.Zero } };
        await socket.ConnectAsync(new Uri(server.ChannelUrl + "?access_token=" + Uri.EscapeDataString(token)), Timeouts.Token());
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.SubscriptionRequest), WebSocketMessageType.Text, true, Timeouts.Token());
        var buffer = new byte[64 * 1024];
        for (var frames = 0; frames < 100; frames++)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (Encoding.UTF8.GetString(buffer, 0, received.Count).Contains("\"subscribed\"", StringComparison.Ordinal))
            {
                return socket;
            }
        }

        throw new InvalidOperationException("No subscribed frame among the first 100.");
    }

    /// <summary>Connects, subscribes, and reads up to the <c>subscribed</c> answer.</summary>
    public static async Task<(ChannelClient Client, JsonElement Subscribed)> SubscribeAsync(EmulatorServer server, string token, SubscriptionRequest request)
    {
        var client = await ConnectAsync(server, token);
        await client.SendAsync(request);
        var subscribed = await client.ReceiveUntilAsync(f => f.EventType() == "subscribed");
        return (client, subscribed);
    }

    public Task SendAsync(SubscriptionRequest request) =>
        SendTextAsync(JsonSerializer.Serialize(request, ProtocolJsonContext.Default.SubscriptionRequest));

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeouts.Token());

    /// <summary>The next text frame as raw text; null when the server closed the socket.</summary>
    /// <exception cref="OperationCanceledException">Nothing arrived within the timeout.</exception>
    /// <exception cref="WebSocketException">The connection broke.</exception>
    public async Task<string?> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        try
        {
            return await _frames.Reader.ReadAsync(Timeouts.Token(timeout));
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } broken)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(broken);
            throw;
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        using var stream = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _frames.Writer.TryWrite(null);
                    _frames.Writer.TryComplete();
                    return;
                }

                stream.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
                    stream.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _frames.Writer.TryComplete(ex);
        }
    }

    /// <summary>The next frame parsed as JSON; throws when the socket closed.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        var text = await ReceiveTextAsync(timeout) ?? throw new InvalidOperationException($"The server closed the socket ({Socket.CloseStatus} {Socket.CloseStatusDescription}).");
        return JsonElement.Parse(text);
    }

    /// <summary>Reads frames until one matches; the others are dropped.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeouts.Default);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var frame = await ReceiveAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Skips frames until the server closes the socket: null then; throws when the bound passes first.</summary>
    public async Task<string?> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeouts.Default);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (await ReceiveTextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1)) is null)
            {
                return null;
            }
        }
    }

    /// <summary>Every frame that arrives within <paramref name="window"/> (for "nothing else arrives" checks, bounded).</summary>
    public async Task<List<JsonElement>> CollectAsync(TimeSpan window, Func<JsonElement, bool>? until = null)
    {
        var frames = new List<JsonElement>();
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var frame = await ReceiveAsync(deadline - DateTime.UtcNow);
                frames.Add(frame);
                if (until?.Invoke(frame) == true)
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        Socket.Dispose();
        await _pump;
    }
}

/// <summary>Reading frames as the protocol defines them.</summary>
internal static class Frames
{
    public static string? EventType(this JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("eventType", out var type) ? type.GetString() : null;

    public static bool IsDelta(this JsonElement frame) => frame.EventType() == PresenceStateChange.Type;

    public static string? Str(this JsonElement frame, string property) =>
        frame.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static void AssertValid(SchemaKind kind, JsonElement frame)
    {
        var result = ProtocolSchemas.Validate(kind, frame);
        Assert.True(result.IsValid, $"{kind}: {result.Describe()}\n{frame}");
    }
}
