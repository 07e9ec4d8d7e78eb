using System.Net;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Keeps the channel up until cancelled: connect, run a session, and after every loss reconnect with
/// <see cref="BackoffPolicy"/> (1 s doubling to 30 s, ±10 % jitter, never sooner than a 429's <c>Retry-After</c>).
/// The first connect is immediate; the attempt count starts over once a connection is subscribed. Each loss opens a
/// disconnection window, closed and published (before any delta of the new connection) when the new one is subscribed.
/// A connection outlives its token: <see cref="SocketRotation"/> replaces its socket make before break, which is no
/// loss. One runner serves one <c>RunAsync</c> call; it and its sockets' readers write its <see cref="EventBuffer"/> in turn.
/// </summary>
internal sealed class ChannelRunner : ISilenceHandler
{
    private readonly ChannelConnector _connector;
    private readonly ChannelSession _session;
    private readonly SocketRotation _rotation;
    private readonly EventBuffer _buffer;
    private readonly ChannelStatusTracker _status;
    private readonly BackoffPolicy _backoff;
    private readonly PlatformOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlatformMetrics _metrics;
    private (DateTimeOffset Start, string Cause)? _openWindow;

    public ChannelRunner(
        ChannelConnector connector,
        ChannelSession session,
        SocketRotation rotation,
        EventBuffer buffer,
        ChannelStatusTracker status,
        PlatformOptions options,
        TimeProvider time,
        ILogger logger,
        PlatformMetrics metrics)
    {
        _connector = connector;
        _session = session;
        _rotation = rotation;
        _buffer = buffer;
        _status = status;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _backoff = new BackoffPolicy(initial: options.ReconnectInitialDelay, maximum: options.ReconnectMaximumDelay, jitter: options.ReconnectJitter);
    }

    public async Task RunAsync(ReadOnlyMemory<byte> subscription, CancellationToken cancellationToken)
    {
        var attempt = 0;
        var delayFirst = false;
        var atOnceSpent = false;
        TimeSpan? retryAfter = null;
        while (true)
        {
            if (delayFirst)
            {
                // Whole milliseconds: the resolution timers wait in, so the announced reconnect time is the real one.
                var delay = TimeSpan.FromMilliseconds(Math.Ceiling(_backoff.NextDelay(attempt, retryAfter).TotalMilliseconds));
                _status.ReconnectScheduled(_time.GetUtcNow() + delay);
                PlatformLog.ReconnectScheduled(_logger, _options.TenantId, attempt + 1, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                attempt++;
            }

            delayFirst = true;
            retryAfter = null;
            SessionEnd end;
            try
            {
                var (socket, token) = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
                end = await _rotation.RunAsync(socket, token, subscription, OnSubscribedAsync, this, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelConnectException ex)
            {
                retryAfter = ex.RetryAfter;
                PlatformLog.HandshakeFailed(_logger, _options.TenantId, ex.Message, ex.RetryAfter);
                await ChangeStateInTurnAsync(ChannelState.Reconnecting, ex.Message, cancellationToken).ConfigureAwait(false);
                delayFirst = !RetryAtOnce(ex.StatusCode == HttpStatusCode.Unauthorized, ref atOnceSpent);
                continue;
            }

            PlatformLog.ChannelLost(_logger, _options.TenantId, end.Cause);
            if (end.Subscribed)
            {
                attempt = 0;
                atOnceSpent = false;
                _openWindow = (end.LostAt, end.Cause);
            }

            if (end.Stale)
            {
                await ChangeStateInTurnAsync(ChannelState.Stale, end.Cause, cancellationToken).ConfigureAwait(false);
            }

            await ChangeStateInTurnAsync(ChannelState.Reconnecting, end.Cause, cancellationToken).ConfigureAwait(false);
            delayFirst = !RetryAtOnce(end.TokenRejected, ref atOnceSpent);
        }
    }

    /// <summary>
    /// After a 401 the token is already dropped, so the next attempt asks for a new one first (seed edge case 3: rotate
    /// at once, before reconnecting); waiting a backoff delay for it would only lengthen the gap. Once per streak: a
    /// platform that refuses every new token too must not be hammered, so a further 401 before a subscription backs off.
    /// </summary>
    private bool RetryAtOnce(bool tokenRejected, ref bool atOnceSpent)
    {
        if (!tokenRejected || atOnceSpent)
        {
            return false;
        }

        atOnceSpent = true;
        _status.ReconnectScheduled(_time.GetUtcNow());
        PlatformLog.ReconnectingWithNewToken(_logger, _options.TenantId);
        return true;
    }

    /// <summary>The platform acknowledged the subscription: close the open window first, then report Connected.</summary>
    private async ValueTask OnSubscribedAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _status.Subscribed(afterLoss: _openWindow is not null);
        if (_openWindow is { } window)
        {
            var (start, cause) = window;
            _openWindow = null;
            var record = new DisconnectionRecord(start, now, cause);
            _status.DisconnectionClosed(record);
            _metrics.Reconnected(_options.TenantId, record.Duration);
            PlatformLog.DisconnectionWindowClosed(_logger, _options.TenantId, start, now, (long)record.Duration.TotalMilliseconds, cause);
            await _buffer.PublishAsync(new DisconnectionWindow(now, start, now, cause), cancellationToken).ConfigureAwait(false);
        }

        await ChangeStateAsync(ChannelState.Connected, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A heartbeat is overdue on an open socket: readers see Stale (not routable) at once, rather than after the whole
    /// stale threshold, while the socket gets until then to speak again.
    /// </summary>
    public ValueTask SilentAsync(TimeSpan silence, TimeSpan heartbeatInterval, CancellationToken cancellationToken) =>
        ChangeStateAsync(ChannelState.Stale, $"no heartbeat or message for {silence.TotalMilliseconds:0} ms; heartbeats come every {heartbeatInterval.TotalMilliseconds:0} ms", cancellationToken);

    /// <summary>
    /// Traffic resumed on the same socket: Connected again, announced as <see cref="ChannelResumed"/> rather than as a
    /// new connection, so the consumer restores freshness without reconnecting, and re-reads only when the platform's
    /// stamps show heartbeats missing.
    /// </summary>
    public async ValueTask ResumedAsync(SilenceEnded silence, CancellationToken cancellationToken)
    {
        if (_status.TrySetState(ChannelState.Connected))
        {
            await _buffer.PublishAsync(new ChannelResumed(_time.GetUtcNow(), silence.Duration, silence.HeartbeatsMissed), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A state change from outside the sockets' readers (the background re-read also writes the buffer).</summary>
    private Task ChangeStateInTurnAsync(ChannelState state, string? detail, CancellationToken cancellationToken) =>
        _session.InTurnAsync(token => ChangeStateAsync(state, detail, token), cancellationToken);

    private async ValueTask ChangeStateAsync(ChannelState state, string? detail, CancellationToken cancellationToken)
    {
        if (_status.TrySetState(state))
        {
            await _buffer.PublishAsync(new ChannelStateChanged(_time.GetUtcNow(), state, detail), cancellationToken).ConfigureAwait(false);
        }
    }
}
