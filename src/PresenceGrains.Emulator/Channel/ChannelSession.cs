using System.Buffers;
using System.Net.WebSockets;
using PresenceGrains.Emulator.Genesys;
using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Emulator.OAuth;
using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Genesys;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// One client's channel. A receive loop reads subscription payloads; a single send loop writes everything else from a
/// <see cref="SendQueue"/> bounded at <see cref="EmulatorOptions.SendQueueCapacity"/>: a client that lets it fill is
/// closed as a slow consumer, so it never stalls the platform or other clients. In the Genesys mode the session is
/// the socket of one notification channel (<see cref="Genesys"/>): the channel's topics decide what it receives, and
/// the client sends pings and socket subscriptions instead of the seed's subscription payload.
/// </summary>
internal sealed partial class ChannelSession
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly EmulatorOptions _options;
    private readonly CentreState _centre;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SendQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly FaultyDelivery _delivery;
    private readonly GenesysSocketProtocol? _genesys;
    private volatile CompiledSubscription? _subscription;
    private ITimer? _tokenTimer;
    private ITimer? _closeTimer;
    private ITimer? _socketClosingTimer;
    private int _end;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "";

    public ChannelSession(
        long id, WebSocket socket, HttpContext context, IssuedToken token, EmulatorOptions options, EmulatorFaults faults, CentreState centre, TimeProvider time, ILogger logger,
        GenesysSocketProtocol? genesys = null)
    {
        _genesys = genesys;
        Id = id;
        _socket = socket;
        _context = context;
        Token = token;
        _options = options;
        _centre = centre;
        _time = time;
        _logger = logger;
        _queue = new SendQueue(options.SendQueueCapacity);
        _delivery = new FaultyDelivery(faults, time, payload => _socket.SendAsync(payload, WebSocketMessageType.Text, true, _stop.Token));
    }

    public long Id { get; }

    public IssuedToken Token { get; }

    public string ClientId => Token.Tenant.ClientId;

    public CompiledSubscription? Subscription => _subscription;

    /// <summary>The Genesys channel this socket belongs to; null in the seed mode.</summary>
    public GenesysChannelState? Genesys => _genesys?.Channel;

    public bool WantsNoise => _subscription?.WantsNoise == true && !Ending;

    private bool Ending => Volatile.Read(ref _end) != 0;

    public bool Accepts(string userId, string? deviceId, string state) =>
        _subscription is { } subscription && subscription.Accepts(userId, deviceId, state);

    /// <summary>Whether this socket's Genesys channel holds a topic for an event of <paramref name="part"/> about the user.</summary>
    public bool AcceptsGenesys(string userId, GenesysUserTopicParts part) =>
        _genesys is { } genesys && !Ending && genesys.Channel.Wants(userId, part);

    /// <summary>Ends a Genesys socket once: a last frame (system message or result), then a close with the given status.</summary>
    public void EndGenesys(byte[]? lastFrame, SessionEnd reason, WebSocketCloseStatus status, string description) =>
        Terminate(reason, lastFrame is null ? null : new OutboundFrame(FrameKind.Reply, lastFrame, 0), status, description);

    /// <summary>Genesys: tells the client the socket will close (<paramref name="notice"/>), and closes it after <paramref name="grace"/>.</summary>
    public void AnnounceClosing(byte[] notice, TimeSpan grace)
    {
        Reply(notice);
        _socketClosingTimer?.Dispose();
        _socketClosingTimer = _time.CreateTimer(
            static s => ((ChannelSession)s!).EndGenesys(null, SessionEnd.SocketClosing, WebSocketCloseStatus.EndpointUnavailable, "socket closing"),
            this,
            grace,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Queues a reply to the client ahead of every waiting frame.</summary>
    public void Reply(byte[] payload) => _queue.Reply(new OutboundFrame(FrameKind.Reply, payload, 0));

    /// <summary>Queues a frame; a full queue ends the session as a slow consumer.</summary>
    public void Offer(OutboundFrame frame)
    {
        if (!_queue.TryOffer(frame))
        {
            Terminate(SessionEnd.SlowConsumer, null, WebSocketCloseStatus.PolicyViolation, "slow consumer: send queue full");
        }
    }

    /// <summary>Queues a frame only if there is room (heartbeats: a backlog already tells the client the platform is alive).</summary>
    public void OfferIfRoom(OutboundFrame frame) => _queue.OfferIfRoom(frame);

    /// <summary>Waits until the queue has drained to half, when <paramref name="frames"/> more would not fit.</summary>
    public ValueTask WaitForRoomAsync(int frames, CancellationToken cancellationToken) =>
        _queue.WaitForRoomAsync(frames, () => Ending, cancellationToken);

    /// <summary>Aborts the connection at once, without a close handshake (the <c>drop-socket</c> fault).</summary>
    public void Drop()
    {
        if (Interlocked.CompareExchange(ref _end, (int)SessionEnd.Dropped + 1, 0) == 0)
        {
            _context.Abort();
        }
    }

    /// <summary>Sends a 401 frame and closes when the token has expired or was revoked; otherwise waits for its expiry.</summary>
    public void CheckToken()
    {
        var check = Token.CheckAt(_time.GetUtcNow());
        if (_genesys is not null)
        {
            // A Genesys channel outlives the token that created it; a revoked one deletes the channel (GenesysChannels).
            return;
        }

        if (check == TokenCheck.Valid)
        {
            var due = Token.ExpiresAt - _time.GetUtcNow();
            _tokenTimer?.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            return;
        }

        var message = check == TokenCheck.Revoked ? "token revoked" : "token expired";
        Terminate(SessionEnd.TokenInvalid, ErrorReply(new ErrorFrame(ErrorFrame.Type, 401, message, _time.GetUtcNow())), WebSocketCloseStatus.PolicyViolation, message);
    }

    /// <summary>Ends the session gracefully for the emulator's shutdown.</summary>
    public void Stop() => Terminate(SessionEnd.ServerStopping, null, WebSocketCloseStatus.EndpointUnavailable, "platform stopping");

    /// <summary>Runs the channel until it ends; returns why.</summary>
    public async Task<SessionEnd> RunAsync()
    {
        _tokenTimer = _time.CreateTimer(static s => ((ChannelSession)s!).CheckToken(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        CheckToken();
        var sending = SendLoopAsync();
        var end = SessionEnd.ClientGone;
        var graceful = false;
        try
        {
            await ReceiveLoopAsync();
            graceful = true;
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            if (IsPongTimeout(ex))
            {
                end = SessionEnd.PongTimeout;
            }
        }

        Interlocked.CompareExchange(ref _end, (int)end + 1, 0);
        try
        {
            if (graceful)
            {
                // The close handshake: let the send loop answer the client's close.
                await sending.WaitAsync(CloseHandshakeTimeout, _time);
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex) || ex is TimeoutException)
        {
            // Gone before the close went out.
        }
        finally
        {
            _stop.Cancel();
            _queue.Complete();
            _tokenTimer.Dispose();
            _closeTimer?.Dispose();
            _socketClosingTimer?.Dispose();
        }

        try
        {
            await sending;
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // The socket is gone; what was queued for it is moot.
        }

        _stop.Dispose();
        return (SessionEnd)(Volatile.Read(ref _end) - 1);
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException
            or Microsoft.AspNetCore.Connections.ConnectionAbortedException;

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client closed first: the send loop answers with our close. Or this answers our close.
                    Terminate(SessionEnd.ClientGone, null, WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                length += result.Count;
                if (Ending)
                {
                    // After a 401 or an oversized frame the platform only waits for the client's close.
                    length = result.EndOfMessage ? 0 : Math.Min(length, buffer.Length / 2);
                    continue;
                }

                if (length > _options.MaxClientFrameBytes)
                {
                    length = 0;
                    var message = $"frame exceeds {_options.MaxClientFrameBytes} bytes";
                    Terminate(SessionEnd.FrameTooLarge, ErrorReply(new ErrorFrame(ErrorFrame.Type, 413, message, _time.GetUtcNow())), WebSocketCloseStatus.MessageTooBig, message);
                    continue;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (_genesys is not null)
                {
                    _genesys.Handle(this, buffer.AsSpan(0, length), result.MessageType == WebSocketMessageType.Binary);
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    ReplyError(400, "binary frames are not supported; send the subscription as a text frame");
                }
                else
                {
                    HandleClientMessage(buffer.AsSpan(0, length));
                }

                length = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxClientFrameBytes + 1));
        if (grown.Length <= length)
        {
            // Already at the limit: keep reading into the second half; the size check rejects the frame.
            ArrayPool<byte>.Shared.Return(grown);
            return buffer;
        }

        buffer.AsSpan(0, length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }

    /// <summary>
    /// A subscription payload: validated against the schema, then it replaces the current subscription and is
    /// acknowledged. A bad one gets a 400 error frame and the socket stays open for a corrected one.
    /// </summary>
    private void HandleClientMessage(ReadOnlySpan<byte> message)
    {
        if (ValidatedMessage.Read(message, SchemaKind.Subscription, ProtocolJsonContext.Default.SubscriptionRequest, out var problem) is not { } request)
        {
            ReplyError(400, problem!);
            return;
        }

        CompiledSubscription subscription;
        lock (_centre.Gate)
        {
            // Deltas are emitted under this lock: the acknowledgement goes out before every delta the new subscription
            // matches, and none emitted after it is missed. A client rotating sockets relies on that instant.
            subscription = CompiledSubscription.Compile(request, _centre);
            Reply(new Subscribed(Subscribed.Type, subscription.Users, subscription.Devices, subscription.Global, _time.GetUtcNow()));
            _subscription = subscription;
        }

        LogSubscribed(_logger, Id, ClientId, subscription.Users, subscription.Devices, subscription.Global, subscription.WantsNoise);
    }

    private void Reply(Subscribed subscribed) =>
        _queue.Reply(new OutboundFrame(FrameKind.Reply, FrameSerializer.Serialize(subscribed, ProtocolJsonContext.Default.Subscribed), 0));

    private void ReplyError(int code, string message)
    {
        var text = message.Length > 1000 ? message[..1000] + "…" : message;
        _queue.Reply(ErrorReply(new ErrorFrame(ErrorFrame.Type, code, text, _time.GetUtcNow())));
    }

    private static OutboundFrame ErrorReply(ErrorFrame error) =>
        new(FrameKind.Reply, FrameSerializer.Serialize(error, ProtocolJsonContext.Default.ErrorFrame), 0);

    /// <summary>Ends the session once: an optional error frame, then a close with the given status.</summary>
    private void Terminate(SessionEnd reason, OutboundFrame? lastFrame, WebSocketCloseStatus status, string description)
    {
        if (Interlocked.CompareExchange(ref _end, (int)reason + 1, 0) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeDescription = description;
        if (lastFrame is { } frame)
        {
            _queue.Reply(frame);
        }

        _queue.Reply(new OutboundFrame(FrameKind.Close, [], 0));
        _queue.ReleaseWaiters();

        // A client that never answers the close loses the connection.
        // The session may already have ended (and disposed its context) when this timer fires: nothing is left to abort.
        _closeTimer = _time.CreateTimer(
            static s =>
            {
                try
                {
                    ((ChannelSession)s!)._context.Abort();
                }
                catch (ObjectDisposedException)
                {
                }
            },
            this,
            CloseHandshakeTimeout,
            Timeout.InfiniteTimeSpan);
        LogEnding(_logger, Id, ClientId, reason);
    }

    private async Task SendLoopAsync()
    {
        var token = _stop.Token;
        while (true)
        {
            if (!_queue.TryTake(out var frame))
            {
                await WaitForWorkAsync(token);
                continue;
            }

            if (frame.Kind == FrameKind.Close)
            {
                await _delivery.ReleaseDueAsync(all: true);
                await _socket.CloseOutputAsync(_closeStatus, _closeDescription, token);
                return;
            }

            // Once the session is ending, only replies (the 401 or 413 frame) still go out.
            if (!Ending || frame.Kind == FrameKind.Reply)
            {
                await _delivery.DeliverAsync(frame, token);
            }
        }
    }

    /// <summary>Waits for a frame, or for the moment a held (reordered) frame must go out.</summary>
    private async ValueTask WaitForWorkAsync(CancellationToken token)
    {
        if (_delivery.NextRelease is not { } release)
        {
            if (!await _queue.WaitToTakeAsync(token))
            {
                throw new OperationCanceledException(token);
            }

            return;
        }

        var wait = _time.GetElapsedTime(_time.GetTimestamp(), release);
        if (wait > TimeSpan.Zero)
        {
            var frameArrives = _queue.WaitToTakeAsync(token).AsTask();
            await Task.WhenAny(frameArrives, Task.Delay(wait, _time, token));
        }

        await _delivery.ReleaseDueAsync();
    }

    /// <summary>
    /// When the pong does not come within the keep-alive timeout, the WebSocket aborts its own connection: the receive
    /// fails with "aborted by the application" although this session aborted nothing (its own aborts set the end
    /// reason first). A client that goes away shows up as an unexpected end of stream instead.
    /// </summary>
    private static bool IsPongTimeout(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {SessionId} of {ClientId} subscribed: {Users} users, {Devices} devices, global {Global}, noise {Noise}")]
    private static partial void LogSubscribed(ILogger logger, long sessionId, string clientId, int users, int devices, bool global, bool noise);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {SessionId} of {ClientId} ending: {Reason}")]
    private static partial void LogEnding(ILogger logger, long sessionId, string clientId, SessionEnd reason);
}
