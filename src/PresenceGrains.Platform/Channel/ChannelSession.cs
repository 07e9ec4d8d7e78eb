using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// One connection of the channel: sends the subscription, then reads frames until the platform closes, an error frame
/// ends it, the socket fails, or the watchdog finds it stale (no heartbeat or message within the threshold: a half-open
/// socket). Every frame is size-checked, decoded, counted, and valid ones go to the <see cref="EventBuffer"/>.
/// </summary>
internal sealed class ChannelSession
{
    private readonly EventBuffer _buffer;
    private readonly ChannelStatusTracker _status;
    private readonly OAuthTokenProvider _tokens;
    private readonly PlatformOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlatformMetrics _metrics;

    public ChannelSession(
        EventBuffer buffer, ChannelStatusTracker status, OAuthTokenProvider tokens, PlatformOptions options, TimeProvider time, ILogger logger, PlatformMetrics metrics)
    {
        _buffer = buffer;
        _status = status;
        _tokens = tokens;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public async Task<SessionEnd> RunAsync(
        WebSocket socket,
        AccessToken token,
        ReadOnlyMemory<byte> subscription,
        Func<CancellationToken, ValueTask> onSubscribed,
        CancellationToken cancellationToken)
    {
        _status.SocketOpened();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stale = new StaleFlag();
        var watchdog = WatchAsync(stale, session);
        var subscribed = false;
        try
        {
            await socket.SendAsync(subscription, WebSocketMessageType.Text, true, session.Token).ConfigureAwait(false);
            var reader = new FrameReader(socket, _options.MaxFrameBytes);
            while (true)
            {
                var frame = await reader.ReadAsync(session.Token).ConfigureAwait(false);
                if (frame.Kind == ReceivedFrameKind.Closed)
                {
                    return new SessionEnd(subscribed, _time.GetUtcNow(), $"closed by the platform ({frame.CloseStatus} {SecretRedactor.Redact(frame.CloseDescription)})".TrimEnd(), false);
                }

                var decoded = Decode(frame);
                _status.FrameReceived(decoded is HeartbeatFrame);
                switch (decoded)
                {
                    case SubscribedFrame ack:
                        subscribed = true;
                        PlatformLog.ChannelSubscribed(_logger, _options.TenantId, ack.Users, ack.Devices);
                        await onSubscribed(session.Token).ConfigureAwait(false);
                        break;
                    case DeltaFrame delta:
                        await OfferDeltaAsync(delta, session.Token).ConfigureAwait(false);
                        break;
                    case HeartbeatFrame heartbeat:
                        _status.CountHeartbeat();
                        await _buffer.OfferAsync(new HeartbeatReceived(_time.GetUtcNow(), heartbeat.PlatformTime), null, session.Token).ConfigureAwait(false);
                        break;
                    case ErrorFrameReceived error:
                        return OnErrorFrame(error, token, subscribed);
                    case RejectedFrame rejected:
                        OnRejected(rejected);
                        break;
                }
            }
        }
        catch (Exception) when (stale.IsSet && !cancellationToken.IsCancellationRequested)
        {
            var silence = _options.StaleThreshold;
            PlatformLog.ChannelStale(_logger, _options.TenantId, silence);
            return new SessionEnd(subscribed, _status.LastTraffic ?? _time.GetUtcNow(), $"stale: no heartbeat or message for {silence}", true);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever broke the socket (reset, protocol violation, abort) ends this connection, never the channel.
            return new SessionEnd(subscribed, _time.GetUtcNow(), $"socket failed: {SecretRedactor.Describe(ex)}", false);
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            _status.SocketClosed();
        }
    }

    private async ValueTask OfferDeltaAsync(DeltaFrame delta, CancellationToken cancellationToken)
    {
        _status.CountDelta();
        _metrics.DeltaReceived(_options.TenantId);
        using var span = PlatformTelemetry.StartReceive(_options.TenantId, delta.Delta);
        var received = new DeltaReceived(_time.GetUtcNow(), delta.Delta, delta.PlatformComposite) { Trace = span?.Context ?? default };
        var buffered = await _buffer.OfferAsync(received, delta.Delta.AgentId, cancellationToken).ConfigureAwait(false);
        span?.SetTag(TelemetryTags.Outcome, buffered ? "buffered" : "shed");
    }

    private DecodedFrame Decode(ReceivedFrame frame) => frame.Kind switch
    {
        ReceivedFrameKind.Text => FrameDecoder.Decode(frame.Text),
        ReceivedFrameKind.Oversized => new RejectedFrame(FrameRejection.Oversized, $"{frame.Length} bytes, over the limit of {_options.MaxFrameBytes}"),
        _ => new RejectedFrame(FrameRejection.Malformed, $"a binary frame of {frame.Length} bytes; the protocol is JSON text"),
    };

    private SessionEnd OnErrorFrame(ErrorFrameReceived error, AccessToken token, bool subscribed)
    {
        _status.CountErrorFrame();
        PlatformLog.ErrorFrameReceived(_logger, _options.TenantId, error.Code, error.Message);
        if (error.Code == 401)
        {
            // The platform closes next; rotate before any retry so the reconnect never presents this token again.
            _tokens.Reject(token);
            return new SessionEnd(subscribed, _time.GetUtcNow(), "token expired or revoked (401 error frame)", false);
        }

        return new SessionEnd(subscribed, _time.GetUtcNow(), $"platform error {error.Code}: {error.Message}", false);
    }

    private void OnRejected(RejectedFrame rejected)
    {
        switch (rejected.Reason)
        {
            case FrameRejection.Oversized:
                _status.CountOversized();
                break;
            case FrameRejection.Malformed:
                _status.CountMalformed();
                break;
            default:
                _status.CountSchemaInvalid();
                break;
        }

        PlatformLog.FrameRejected(_logger, _options.TenantId, rejected.Reason, rejected.Problem);
    }

    /// <summary>Sleeps until the channel would turn stale; if no frame moved that instant meanwhile, ends the session.</summary>
    private async Task WatchAsync(StaleFlag stale, CancellationTokenSource session)
    {
        try
        {
            while (_status.StaleAt is { } staleAt)
            {
                var wait = staleAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, session.Token).ConfigureAwait(false);
                    continue;
                }

                stale.Set();
                await session.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended first.
        }
    }

    private sealed class StaleFlag
    {
        private volatile bool _set;

        public bool IsSet => _set;

        public void Set() => _set = true;
    }
}
