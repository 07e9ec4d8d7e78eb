using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// One connection of the channel: sends the subscription, then reads frames until the platform closes, an error frame
/// ends it, the socket fails, or the watchdog finds it stale (no heartbeat or message within the threshold: a half-open
/// socket). Every frame is size-checked, decoded, counted, and valid ones go to the <see cref="EventBuffer"/>.
/// </summary>
/// <param name="schedulingDelay">Measures how long this process takes to run queued work (<see cref="SchedulingProbe"/>
/// unless a test says otherwise).</param>
internal sealed class ChannelSession(
    EventBuffer buffer,
    ChannelStatusTracker status,
    OAuthTokenProvider tokens,
    PlatformOptions options,
    TimeProvider time,
    ILogger logger,
    PlatformMetrics metrics,
    Func<ValueTask<TimeSpan>>? schedulingDelay = null)
{
    /// <summary>
    /// The reader and the watchdog both write to the buffer (the watchdog when the channel goes silent): one at a time,
    /// so that a silence is always announced before the traffic that ends it.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Told of properties the platform sends beyond the schema; null: not told.</summary>
    public UndeclaredPropertyLog? Undeclared { get; init; }

    /// <summary>Drops the second copy of a delta while a token rotation overlaps two sockets; null: nothing dropped.</summary>
    public OverlapDeduplicator? Overlap { get; init; }

    /// <summary>Passes on device changes a delta's composite shows and no delta brought; null: composites only counted.</summary>
    public CompositeGapFiller? Gaps { get; init; }

    /// <summary>Until the heartbeat interval is learned the watchdog looks this often, so it never sleeps past the first missed one.</summary>
    private static readonly TimeSpan LearningPoll = TimeSpan.FromMilliseconds(100);

    /// <param name="silence">Told when a heartbeat is overdue and when traffic resumes after that; null: not told.</param>
    /// <param name="role">What this socket is to the channel; null: it speaks for the channel (no rotation).</param>
    public async Task<SessionEnd> RunAsync(
        WebSocket socket,
        AccessToken token,
        ReadOnlyMemory<byte> subscription,
        Func<CancellationToken, ValueTask> onSubscribed,
        CancellationToken cancellationToken,
        ISilenceHandler? silence = null,
        SessionRole? role = null)
    {
        role ??= SessionRole.ForConnection();
        if (role.IsPrimary)
        {
            status.SocketOpened();
        }

        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stale = new StaleFlag();
        var watchdog = WatchAsync(stale, session, silence, role);
        var subscribed = false;
        try
        {
            await socket.SendAsync(subscription, WebSocketMessageType.Text, true, session.Token).ConfigureAwait(false);
            var reader = new FrameReader(socket, options.MaxFrameBytes);
            if (role.IsPrimary)
            {
                status.Listening();
            }

            while (true)
            {
                var frame = await reader.ReadAsync(session.Token).ConfigureAwait(false);
                if (frame.Kind == ReceivedFrameKind.Closed)
                {
                    return new SessionEnd(subscribed, time.GetUtcNow(), $"closed by the platform ({frame.CloseStatus} {SecretRedactor.Redact(frame.CloseDescription)})".TrimEnd(), false);
                }

                var decoded = Decode(frame);
                await _writeGate.WaitAsync(session.Token).ConfigureAwait(false);
                try
                {
                    // Only the socket that speaks for the channel moves its freshness; the other one of a rotation
                    // only delivers deltas.
                    var primary = role.IsPrimary;
                    var ended = primary ? status.FrameReceived(decoded is HeartbeatFrame, (decoded as HeartbeatFrame)?.PlatformTime) : null;
                    if (ended is { } quiet)
                    {
                        if (quiet.HeartbeatsMissed)
                        {
                            PlatformLog.ChannelResumed(logger, options.TenantId, quiet.Duration);
                        }
                        else
                        {
                            PlatformLog.ChannelResumedLate(logger, options.TenantId, quiet.Duration);
                        }

                        if (silence is not null)
                        {
                            await silence.ResumedAsync(quiet, session.Token).ConfigureAwait(false);
                        }
                    }

                    switch (decoded)
                    {
                        case SubscribedFrame ack:
                            subscribed = true;
                            role.Subscribed(ack.PlatformTime);
                            Gaps?.Subscribed(ack.PlatformTime);
                            PlatformLog.ChannelSubscribed(logger, options.TenantId, ack.Users, ack.Devices);
                            await onSubscribed(session.Token).ConfigureAwait(false);
                            break;
                        case DeltaFrame delta:
                            await OfferDeltaAsync(delta, session.Token).ConfigureAwait(false);
                            break;
                        case HeartbeatFrame heartbeat:
                            role.HeartbeatArrived(heartbeat.PlatformTime);
                            if (primary)
                            {
                                status.CountHeartbeat();
                                await buffer.OfferAsync(new HeartbeatReceived(time.GetUtcNow(), heartbeat.PlatformTime), null, session.Token).ConfigureAwait(false);
                            }

                            break;
                        case ErrorFrameReceived error:
                            return OnErrorFrame(error, token, subscribed);
                        case RejectedFrame rejected:
                            OnRejected(rejected);
                            break;
                    }
                }
                finally
                {
                    // Back at the socket before the watchdog can look: time spent on this frame is not silence.
                    if (role.IsPrimary)
                    {
                        status.Listening();
                    }

                    _writeGate.Release();
                }
            }
        }
        catch (Exception) when (stale.IsSet && !cancellationToken.IsCancellationRequested)
        {
            var threshold = options.StaleThreshold;
            PlatformLog.ChannelStale(logger, options.TenantId, threshold);
            return new SessionEnd(subscribed, status.LastTraffic ?? time.GetUtcNow(), $"stale: no heartbeat or message for {threshold}", true);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever broke the socket (reset, protocol violation, abort) ends this connection, never the channel.
            return new SessionEnd(subscribed, time.GetUtcNow(), $"socket failed: {SecretRedactor.Describe(ex)}", false);
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            if (role.IsPrimary)
            {
                status.SocketClosed();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> between two frames of every running socket: the buffer has one writer at a time,
    /// and roles change only there.
    /// </summary>
    public async Task InTurnAsync(Func<CancellationToken, ValueTask> action, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Publishes a control event from outside the sockets' readers, in turn with them.</summary>
    public Task PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken) =>
        InTurnAsync(token => buffer.PublishAsync(platformEvent, token), cancellationToken);

    private async ValueTask OfferDeltaAsync(DeltaFrame delta, CancellationToken cancellationToken)
    {
        if (Overlap?.FirstCopy(delta.Delta) == false)
        {
            return;
        }

        status.CountDelta();
        metrics.DeltaReceived(options.TenantId);
        var passOn = true;
        var recovered = Gaps?.Observe(delta.Delta, delta.PlatformDevices, out passOn) ?? [];
        if (passOn)
        {
            await OfferAsync(delta.Delta, delta.PlatformComposite, cancellationToken).ConfigureAwait(false);
        }

        if (recovered.Count > 0)
        {
            metrics.DevicesRecovered(options.TenantId, recovered.Count);
            foreach (var lost in recovered)
            {
                // The platform's composite is judged with the delta that carried it, not again with each device it showed.
                await OfferAsync(lost, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask OfferAsync(PresenceDelta delta, PresenceLevel? platformComposite, CancellationToken cancellationToken)
    {
        using var span = PlatformTelemetry.StartReceive(options.TenantId, delta);
        var received = new DeltaReceived(time.GetUtcNow(), delta, platformComposite) { Trace = span?.Context ?? default };
        var buffered = await buffer.OfferAsync(received, delta.AgentId, cancellationToken).ConfigureAwait(false);
        span?.SetTag(TelemetryTags.Outcome, buffered ? "buffered" : "shed");
    }

    private DecodedFrame Decode(ReceivedFrame frame) => frame.Kind switch
    {
        ReceivedFrameKind.Text => FrameDecoder.Decode(frame.Text, Undeclared),
        ReceivedFrameKind.Oversized => new RejectedFrame(FrameRejection.Oversized, $"{frame.Length} bytes, over the limit of {options.MaxFrameBytes}"),
        _ => new RejectedFrame(FrameRejection.Malformed, $"a binary frame of {frame.Length} bytes; the protocol is JSON text"),
    };

    private SessionEnd OnErrorFrame(ErrorFrameReceived error, AccessToken token, bool subscribed)
    {
        status.CountErrorFrame();
        PlatformLog.ErrorFrameReceived(logger, options.TenantId, error.Code, error.Message);
        if (error.Code == 401)
        {
            // The platform closes next; rotate before any retry so the reconnect never presents this token again.
            tokens.Reject(token);
            return new SessionEnd(subscribed, time.GetUtcNow(), "token expired or revoked (401 error frame)", false, TokenRejected: true);
        }

        return new SessionEnd(subscribed, time.GetUtcNow(), $"platform error {error.Code}: {error.Message}", false);
    }

    private void OnRejected(RejectedFrame rejected)
    {
        switch (rejected.Reason)
        {
            case FrameRejection.Oversized:
                status.CountOversized();
                break;
            case FrameRejection.Malformed:
                status.CountMalformed();
                break;
            default:
                status.CountSchemaInvalid();
                break;
        }

        PlatformLog.FrameRejected(logger, options.TenantId, rejected.Reason, rejected.Problem);
    }

    /// <summary>
    /// Sleeps until a heartbeat is overdue (then reports the silence once) or the channel would turn stale (then ends
    /// the session), whichever comes first; a frame that arrived meanwhile moves both.
    /// </summary>
    private async Task WatchAsync(StaleFlag stale, CancellationTokenSource session, ISilenceHandler? silence, SessionRole role)
    {
        try
        {
            // A rotation's new socket is watched once it speaks for the channel, an old one no longer.
            await role.Promoted.WaitAsync(session.Token).ConfigureAwait(false);
            DateTimeOffset? planned = null;
            var paused = false;
            while (!role.IsRetiring && status.StaleAt is { } staleAt)
            {
                var silentAt = status.SilentAt;
                var next = silentAt is { } s && s < staleAt ? s : staleAt;
                var now = time.GetUtcNow();
                var wait = next - now;
                if (wait > TimeSpan.Zero)
                {
                    paused = false;
                    var sleep = wait > LearningPoll && status.HeartbeatInterval is null ? LearningPoll : wait;
                    planned = now + sleep;
                    await Task.Delay(sleep, time, session.Token).ConfigureAwait(false);
                    continue;
                }

                // Woken well after it asked: this process was paused (a long GC) or starved, and frames that arrived
                // meanwhile may still wait for the reader. Look again a moment later before calling it silence.
                if (planned is { } p && now - p > SchedulingProbe.LateWake)
                {
                    paused = true;
                    planned = now + SchedulingProbe.LateWake;
                    await Task.Delay(SchedulingProbe.LateWake, time, session.Token).ConfigureAwait(false);
                    continue;
                }

                planned = null;
                if (paused)
                {
                    // After a pause the reader has a backlog to get through too, and a frame it holds moves both marks.
                    // Nothing is judged until queued work runs promptly again (bounded: one more threshold past the
                    // stale point), and then only on a fresh look at what the reader took meanwhile. Judged at once,
                    // an 8 s GC pause at 100,000 agents announced a silence, and the silence's own write held the
                    // reader back from the heartbeat that ended it long enough to drop a healthy socket.
                    if (now >= staleAt + options.StaleThreshold || await MeasureSchedulingDelayAsync().ConfigureAwait(false) <= SchedulingProbe.LateWake)
                    {
                        paused = false;
                    }

                    continue;
                }

                if (next == silentAt)
                {
                    // A frame that has arrived may still wait behind this process's own queued work. If that work
                    // is late, this process is the one that is slow, not the platform: showing every agent Stale and
                    // Fresh again a moment later would add two publications per agent to a process already starved,
                    // which then hears the next heartbeat late too. So it looks again until queued work runs promptly,
                    // but only until the stale threshold, which still ends the session.
                    if (now < staleAt && await MeasureSchedulingDelayAsync().ConfigureAwait(false) > SchedulingProbe.LateWake)
                    {
                        continue;
                    }

                    await ReportSilenceAsync(silence, session.Token).ConfigureAwait(false);
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

    private ValueTask<TimeSpan> MeasureSchedulingDelayAsync() => schedulingDelay?.Invoke() ?? SchedulingProbe.MeasureAsync(time);

    private async Task ReportSilenceAsync(ISilenceHandler? silence, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Checked again behind the gate: a frame may have arrived since the watchdog woke.
            if (!status.TryMarkSilent())
            {
                return;
            }

            var quiet = time.GetUtcNow() - (status.LastTraffic ?? time.GetUtcNow());
            var interval = status.HeartbeatInterval ?? options.StaleThreshold;
            PlatformLog.ChannelSilent(logger, options.TenantId, quiet, interval);
            if (silence is not null)
            {
                await silence.SilentAsync(quiet, interval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private sealed class StaleFlag
    {
        private volatile bool _set;

        public bool IsSet => _set;

        public void Set() => _set = true;
    }
}
