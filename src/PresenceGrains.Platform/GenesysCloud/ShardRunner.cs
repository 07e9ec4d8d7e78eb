using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// One notification channel of the tenant and the users on it, for as long as the tenant runs: open (channel, socket,
/// topics), read, ping, and when the socket must go (socket_closing, the channel's expiry near, a revoked token) open
/// the replacement first and drop the old one once it has delivered everything (a ping's pong); when it is lost
/// (closed, or nothing within the stale threshold), reconnect with backoff and report the exact window.
/// </summary>
internal sealed class ShardRunner
{
    private readonly int _index;
    private readonly HashSet<string> _users;
    private readonly IReadOnlyList<string> _topics;
    private readonly ChannelsClient _channels;
    private readonly OAuthTokenProvider _tokens;
    private readonly GenesysCloudOptions _options;
    private readonly GenesysEventSink _sink;
    private readonly ShardStates _states;
    private readonly ChannelStatusTracker _status;
    private readonly ArrivalStamps _stamps;
    private readonly Action<PresenceGrains.Protocol.Genesys.GenesysSchemaKind, IReadOnlyList<string>> _undeclared;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BackoffPolicy _backoff;
    private readonly HandoverFilter _filter = new();
    private readonly Channel<ShardSignal> _signals = System.Threading.Channels.Channel.CreateBounded<ShardSignal>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private int _serial;
    private NotificationChannel? _unconnected;

    public ShardRunner(
        int index, IReadOnlyList<string> users, ChannelsClient channels, OAuthTokenProvider tokens, GenesysCloudOptions options,
        GenesysEventSink sink, ShardStates states, ChannelStatusTracker status, ArrivalStamps stamps, UndeclaredPropertyLog undeclared,
        TimeProvider time, ILogger logger)
    {
        _index = index;
        _users = users.ToHashSet(StringComparer.Ordinal);
        _topics = users.Select(TopicPlan.Topic).ToList();
        _channels = channels;
        _tokens = tokens;
        _options = options;
        _sink = sink;
        _states = states;
        _status = status;
        _stamps = stamps;
        _undeclared = (kind, names) => undeclared.Saw(kind.ToString(), names);
        _time = time;
        _logger = logger;
        var common = options.Common;
        _backoff = new BackoffPolicy(initial: common.ReconnectInitialDelay, maximum: common.ReconnectMaximumDelay, jitter: common.ReconnectJitter);
    }

    private string Tenant => _options.Common.TenantId;

    private int Shard => _index + 1;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        var everConnected = false;
        DateTimeOffset? lostAt = null;
        var cause = string.Empty;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ShardSocket live;
            try
            {
                live = await OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsChannelFailure(ex, cancellationToken))
            {
                if (everConnected)
                {
                    lostAt ??= _time.GetUtcNow();
                }

                var delay = _backoff.NextDelay(attempt++, (ex as PlatformRequestException)?.RetryAfter);
                _status.ReconnectScheduled(_time.GetUtcNow() + delay);
                GenesysLog.OpenFailed(_logger, Tenant, Shard, SecretRedactor.Describe(ex), attempt, delay);
                await _states.SetAsync(_index, ChannelState.Reconnecting, "opening failed", cancellationToken).ConfigureAwait(false);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            attempt = 0;
            if (lostAt is { } start)
            {
                // Before the new socket's first event, so the consumer re-reads everyone first.
                var end = _time.GetUtcNow();
                await _sink.PublishAsync(new DisconnectionWindow(end, start, end, cause), cancellationToken).ConfigureAwait(false);
                _status.DisconnectionClosed(new DisconnectionRecord(start, end, cause));
            }

            _status.Subscribed(afterLoss: lostAt is not null);
            everConnected = true;
            lostAt = null;
            StartReading(live);
            await _states.SetAsync(_index, ChannelState.Connected, "subscribed", cancellationToken).ConfigureAwait(false);
            (lostAt, cause, var stale) = await ServeAsync(live, cancellationToken).ConfigureAwait(false);
            GenesysLog.ChannelLost(_logger, Tenant, Shard, cause);
            _status.SocketClosed();
            if (stale)
            {
                await _states.SetAsync(_index, ChannelState.Stale, cause, cancellationToken).ConfigureAwait(false);
            }

            await _states.SetAsync(_index, ChannelState.Reconnecting, cause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A channel, its socket, then its topics: Genesys delivers a topic's events from its subscription on.</summary>
    private async Task<ShardSocket> OpenAsync(CancellationToken cancellationToken)
    {
        // A channel whose socket was refused is used again: a new channel per attempt would, after 20, remove the
        // oldest channel of the client, another shard's live one.
        var channel = Interlocked.Exchange(ref _unconnected, null) ?? await _channels.CreateAsync(cancellationToken).ConfigureAwait(false);
        NotificationSocket socket;
        try
        {
            socket = await NotificationSocket.ConnectAsync(channel, _options.Common.HandshakeTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformRequestException ex) when (ex.StatusCode != HttpStatusCode.NotFound && (channel.RollOverAt(_options.ChannelRollOverMargin) ?? DateTimeOffset.MaxValue) > _time.GetUtcNow())
        {
            _unconnected = channel;
            throw;
        }

        var live = new ShardSocket(socket, Interlocked.Increment(ref _serial), cancellationToken);
        try
        {
            await _channels.SubscribeAsync(channel, _topics, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await live.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _status.SocketOpened();
        GenesysLog.ChannelSubscribed(_logger, Tenant, Shard, _topics.Count, channel.Id, channel.Expires);
        return live;
    }

    /// <summary>Serves the shard until its socket is lost; returns when and why, and whether it went stale.</summary>
    private async Task<(DateTimeOffset LostAt, string Cause, bool Stale)> ServeAsync(ShardSocket first, CancellationToken cancellationToken)
    {
        var primary = first;
        ShardSocket? draining = null;
        Task<ShardSocket>? opening = null;
        string? handoverCause = null;
        var handoverAttempt = 0;
        var handoverNotBefore = DateTimeOffset.MinValue;
        var overlapEndsAfter = DateTimeOffset.MaxValue;
        var nextPing = DateTimeOffset.MinValue;
        var tick = _options.PingPeriod < TimeSpan.FromMilliseconds(250) ? _options.PingPeriod : TimeSpan.FromMilliseconds(250);
        DateTimeOffset? planned = null;
        var resumedAt = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                if (planned is { } p && now - p > SchedulingProbe.LateWake)
                {
                    // Woken late: this process was paused (a long GC) or starved, sent no pings meanwhile, and what the
                    // socket brought may still wait for the reader. The pause is not the platform's silence: ping at once
                    // and count silence from here, or a multi-second GC pause drops a healthy socket and re-reads
                    // every agent (it did so on the seed protocol, docs/benchmarks/findings.md).
                    resumedAt = now;
                    nextPing = now;
                }

                while (_signals.Reader.TryRead(out var signal))
                {
                    switch (signal.Kind)
                    {
                        case ShardSignalKind.Closed when signal.Source == primary:
                            return (signal.At, "the platform closed the socket", false);
                        case ShardSignalKind.Closed when signal.Source == draining:
                        case ShardSignalKind.Pong when signal.Source == draining:
                            // Closed before its pong: what it still owed may be lost, so its agents are re-read.
                            if (signal.Kind == ShardSignalKind.Closed)
                            {
                                await ResnapshotAsync("the old socket closed before it had drained", ResnapshotCauses.Rotation, cancellationToken).ConfigureAwait(false);
                            }

                            await draining!.DisposeAsync().ConfigureAwait(false);
                            draining = null;
                            overlapEndsAfter = now;
                            await PingAsync(primary, cancellationToken).ConfigureAwait(false);
                            GenesysLog.HandoverDone(_logger, Tenant, Shard);
                            break;
                        case ShardSignalKind.Pong when signal.Source == primary && signal.At > overlapEndsAfter:
                            // Everything sent to the new socket before the old one closed has arrived: repeats are over.
                            _filter.End();
                            overlapEndsAfter = DateTimeOffset.MaxValue;
                            break;
                        case ShardSignalKind.SocketClosing when signal.Source == primary:
                            handoverCause ??= "socket_closing";
                            break;
                        case ShardSignalKind.TokenRevoked:
                            _tokens.Reject(await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false));
                            handoverCause ??= "token revoked";
                            break;
                        case ShardSignalKind.NoLongerSubscribed when signal.Source == primary:
                            await ResnapshotAsync("no longer subscribed", ResnapshotCauses.Resubscribed, cancellationToken).ConfigureAwait(false);
                            handoverCause ??= "no longer subscribed";
                            break;
                    }
                }

                if (handoverCause is null && draining is null && primary.Socket.Channel.RollOverAt(_options.ChannelRollOverMargin) is { } rollAt && now >= rollAt)
                {
                    handoverCause = "channel expiry";
                }

                if (handoverCause is not null && opening is null && draining is null && now >= handoverNotBefore)
                {
                    GenesysLog.HandoverStarted(_logger, Tenant, Shard, handoverCause);
                    _filter.Begin();
                    opening = OpenAsync(cancellationToken);
                }

                if (opening is { IsCompleted: true })
                {
                    if (opening.IsCompletedSuccessfully)
                    {
                        // The replacement is subscribed: it speaks for the shard from now; the old one drains until its pong.
                        var replacement = opening.Result;
                        StartReading(replacement);
                        draining = primary;
                        primary = replacement;
                        handoverCause = null;
                        handoverAttempt = 0;
                        await PingAsync(draining, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var delay = _backoff.NextDelay(handoverAttempt++);
                        handoverNotBefore = now + delay;
                        _filter.End();
                        GenesysLog.HandoverFailed(_logger, Tenant, Shard, SecretRedactor.Describe(opening.Exception!.GetBaseException()), delay);
                    }

                    opening = null;
                }

                if (now >= nextPing)
                {
                    nextPing = now + _options.PingPeriod;
                    await PingAsync(primary, cancellationToken).ConfigureAwait(false);
                    if (draining is not null)
                    {
                        await PingAsync(draining, cancellationToken).ConfigureAwait(false);
                    }
                }

                // Bounded: however often this process wakes late, a socket silent for two thresholds is stale.
                var lastTraffic = primary.Socket.LastTraffic;
                var silence = now - lastTraffic;
                var threshold = _options.Common.StaleThreshold;
                if (now - (lastTraffic > resumedAt ? lastTraffic : resumedAt) > threshold || silence > threshold * 2)
                {
                    return (lastTraffic, $"no heartbeat or pong for {silence.TotalSeconds:0.0} s", true);
                }

                planned = _time.GetUtcNow() + tick;
                await WaitAsync(opening, tick, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _filter.End();
            await primary.DisposeAsync().ConfigureAwait(false);
            if (draining is not null)
            {
                await draining.DisposeAsync().ConfigureAwait(false);
            }

            if (opening is not null)
            {
                try
                {
                    await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsChannelFailure(ex, cancellationToken) || ex is OperationCanceledException)
                {
                    // The replacement never opened; nothing to close.
                }
            }
        }
    }

    private async Task WaitAsync(Task<ShardSocket>? opening, TimeSpan tick, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = _signals.Reader.WaitToReadAsync(wake.Token).AsTask();
        var delay = Task.Delay(tick, _time, wake.Token);
        await (opening is null ? Task.WhenAny(signal, delay) : Task.WhenAny(signal, delay, opening)).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(signal, delay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task PingAsync(ShardSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await socket.Socket.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // A socket that cannot take a ping is closing; its reader reports it, and silence would too.
        }
    }

    private ValueTask ResnapshotAsync(string what, string cause, CancellationToken cancellationToken)
    {
        GenesysLog.Resnapshot(_logger, Tenant, Shard, what);
        return _sink.PublishAsync(new ResnapshotRequired(_time.GetUtcNow(), [.. _users], what) { Cause = cause }, cancellationToken);
    }

    private void StartReading(ShardSocket live) => live.Reader = Task.Run(() => ReadAsync(live), CancellationToken.None);

    private async Task ReadAsync(ShardSocket live)
    {
        var buffer = new byte[_options.Common.MaxFrameBytes];
        try
        {
            while (true)
            {
                _status.Listening();
                var length = await live.Socket.ReceiveAsync(buffer, live.Stopping).ConfigureAwait(false);
                if (length == -1)
                {
                    break;
                }

                if (length == -2)
                {
                    _status.CountOversized();
                    continue;
                }

                await HandleAsync(live, buffer.AsMemory(0, length), live.Stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (live.Stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // Reported below as a close: the control loop decides what it means.
        }

        _signals.Writer.TryWrite(new ShardSignal(live, ShardSignalKind.Closed, _time.GetUtcNow()));
    }

    private async ValueTask HandleAsync(ShardSocket live, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var message = NotificationReader.Read(frame, _undeclared);
        var now = _time.GetUtcNow();
        switch (message)
        {
            case NotificationMessage.Heartbeat:
                _status.FrameReceived(heartbeat: true);
                _status.CountHeartbeat();
                await _sink.OfferAsync(new HeartbeatReceived(now, now), null, cancellationToken).ConfigureAwait(false);
                return;
            case NotificationMessage.Pong:
                _status.FrameReceived(heartbeat: true);
                _signals.Writer.TryWrite(new ShardSignal(live, ShardSignalKind.Pong, now));
                return;
            case NotificationMessage.SocketClosing:
                _signals.Writer.TryWrite(new ShardSignal(live, ShardSignalKind.SocketClosing, now));
                return;
            case NotificationMessage.NoLongerSubscribed:
                _signals.Writer.TryWrite(new ShardSignal(live, ShardSignalKind.NoLongerSubscribed, now));
                return;
            case NotificationMessage.TokenRevoked:
                _signals.Writer.TryWrite(new ShardSignal(live, ShardSignalKind.TokenRevoked, now));
                return;
            case NotificationMessage.Invalid invalid:
                if (invalid.Malformed)
                {
                    _status.CountMalformed();
                }
                else
                {
                    _status.CountSchemaInvalid();
                }

                GenesysLog.MessageRejected(_logger, Tenant, Shard, invalid.Problem);
                return;
            case NotificationMessage.Ignored:
                return;
        }

        _status.FrameReceived(heartbeat: false);
        var delta = ToDelta(message, now);
        if (delta is null || !_users.Contains(delta.AgentId))
        {
            return;
        }

        if (_filter.IsActive && !_filter.Admit(HandoverFilter.KeyOf(frame), live.Serial))
        {
            return;
        }

        _status.CountDelta();
        await _sink.OfferAsync(new DeltaReceived(now, delta, null), delta.AgentId, cancellationToken).ConfigureAwait(false);
    }

    private PresenceDelta? ToDelta(NotificationMessage message, DateTimeOffset now) => message switch
    {
        NotificationMessage.Presence p => GenesysSignals.PresenceDelta(p.UserId, p.Value, p.ModifiedDate),
        NotificationMessage.Routing r => GenesysSignals.RoutingDelta(r.UserId, r.Status, r.StartTime),
        NotificationMessage.Conversations c => GenesysSignals.ConversationsDelta(c.UserId, c.Counts, _stamps.Next(now)),
        NotificationMessage.Station s => GenesysSignals.StationDelta(s.UserId, s.Associated, _stamps.Next(now)),
        _ => null,
    };

    private static bool IsChannelFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is PlatformRequestException or WebSocketException or HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
