using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Keeps one connection of the channel alive across token lifetimes, make before break. A seed-protocol socket lives on
/// the token of its handshake and the platform closes it (401) when that token expires, whether or not the client
/// refreshed the token meanwhile. So when the token is due for refresh (<see cref="TokenRefreshPolicy"/>) a second
/// socket is opened with a new token and subscribed; once the platform acknowledges it, it speaks for the channel, and
/// the old socket is closed as soon as it has delivered everything the platform sent it before the new subscription
/// took hold (a heartbeat stamped after the acknowledgement shows it). A delta that arrives on both is published once
/// (<see cref="OverlapDeduplicator"/>). No state change, no disconnection window: for the consumer nothing happened.
/// If the old socket could not be shown to have caught up, the watched agents are re-read instead.
/// </summary>
internal sealed class SocketRotation(
    ChannelConnector connector,
    ChannelSession session,
    OverlapDeduplicator overlap,
    IReadOnlyCollection<string> watchedAgents,
    PlatformOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>How long the old socket gets to answer its close before it is dropped.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly TokenRefreshPolicy _refresh = new(options.TokenRefreshMargin);

    /// <summary>
    /// Runs the connection opened on <paramref name="socket"/> and every socket that replaces it by rotation, until
    /// the one speaking for the channel ends; returns how it ended.
    /// </summary>
    public async Task<SessionEnd> RunAsync(
        ClientWebSocket socket,
        AccessToken token,
        ReadOnlyMemory<byte> subscription,
        Func<CancellationToken, ValueTask> onSubscribed,
        ISilenceHandler silence,
        CancellationToken cancellationToken)
    {
        var live = Start(socket, token, SessionRole.ForConnection(), subscription, onSubscribed, silence, cancellationToken);
        try
        {
            while (true)
            {
                if (options.SocketOutlivesToken)
                {
                    return await live.Ended.ConfigureAwait(false);
                }

                using var rotationStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var rotation = RotateAsync(live, subscription, silence, rotationStop.Token);
                if (await Task.WhenAny(live.Ended, rotation).ConfigureAwait(false) == live.Ended)
                {
                    await rotationStop.CancelAsync().ConfigureAwait(false);
                    (await SettleAsync(rotation).ConfigureAwait(false))?.Dispose();
                    return await live.Ended.ConfigureAwait(false);
                }

                if (await rotation.ConfigureAwait(false) is not { } next)
                {
                    // No new socket before the token expired: the platform ends this one, and the reconnect (at once,
                    // after its 401) takes over.
                    return await live.Ended.ConfigureAwait(false);
                }

                var old = live;
                live = next;
                await session.InTurnAsync(
                    _ =>
                    {
                        old.Role.Retire();
                        next.Role.Promote();
                        return ValueTask.CompletedTask;
                    },
                    cancellationToken).ConfigureAwait(false);
                PlatformLog.RotationSwitched(logger, options.TenantId, next.Token.ExpiresAt);
                await RetireAsync(old, next, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            live.Dispose();
        }
    }

    /// <summary>
    /// Waits until the token of <paramref name="live"/> is due for refresh, then opens and subscribes a socket with a
    /// new one; retried with backoff while the old token lives. Null when none could be had in time.
    /// </summary>
    private async Task<LiveSession?> RotateAsync(LiveSession live, ReadOnlyMemory<byte> subscription, ISilenceHandler silence, CancellationToken cancellationToken)
    {
        var backoff = new BackoffPolicy(initial: options.ReconnectInitialDelay, maximum: options.ReconnectMaximumDelay, jitter: options.ReconnectJitter);
        var due = _refresh.RefreshAt(live.Token);
        for (var attempt = 0; ; attempt++)
        {
            // A timer may fire a little before the wall clock reaches the instant; before it, the provider would still
            // hand out the old token.
            for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (time.GetUtcNow() >= live.Token.ExpiresAt)
            {
                return null;
            }

            PlatformLog.RotationStarting(logger, options.TenantId, live.Token.ExpiresAt);
            var generation = overlap.Arm();
            LiveSession? next = null;
            try
            {
                var (socket, token) = await connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
                next = Start(socket, token, SessionRole.ForRotation(), subscription, _ => ValueTask.CompletedTask, silence, cancellationToken);
                if (token.ExpiresAt <= live.Token.ExpiresAt)
                {
                    // The token endpoint failed and the provider handed out the old token, still valid: a socket on it
                    // would die at the same moment.
                    throw new ChannelConnectException("no new token could be had", null, null);
                }

                using var ackTimeout = new CancellationTokenSource(options.HandshakeTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ackTimeout.Token);
                await next.SubscribedAsync(linked.Token).ConfigureAwait(false);
                return next;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is ChannelConnectException or OperationCanceledException or RotationAbandonedException)
            {
                await AbandonAsync(next, generation).ConfigureAwait(false);
                PlatformLog.RotationFailed(logger, options.TenantId, ex is OperationCanceledException ? $"no subscription acknowledgement within {options.HandshakeTimeout}" : ex.Message);
                due = time.GetUtcNow() + backoff.NextDelay(attempt);
            }
            catch (OperationCanceledException)
            {
                await AbandonAsync(next, generation).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task AbandonAsync(LiveSession? next, long generation)
    {
        overlap.Disarm(generation);
        if (next is not null)
        {
            await next.AbortAsync().ConfigureAwait(false);
            next.Dispose();
        }
    }

    /// <summary>Closes the old socket once it has caught up (or could not), then lets the overlap's memory go.</summary>
    private async Task RetireAsync(LiveSession old, LiveSession next, CancellationToken cancellationToken)
    {
        var openedAt = next.StartedAt;
        var caughtUp = false;
        if (next.Role.SubscribedAt is { } subscribedAt && !old.Ended.IsCompleted)
        {
            var catchingUp = old.Role.CaughtUpAsync(subscribedAt, options.StaleThreshold, time, cancellationToken);
            await Task.WhenAny(catchingUp, old.Ended).ConfigureAwait(false);
            caughtUp = catchingUp.IsCompletedSuccessfully && catchingUp.Result;
        }

        if (!old.Ended.IsCompleted)
        {
            await old.CloseAsync(CloseTimeout, time).ConfigureAwait(false);
        }

        await old.AbortAsync().ConfigureAwait(false);
        old.Dispose();
        var overlapTime = time.GetUtcNow() - openedAt;
        PlatformLog.RotationCompleted(logger, options.TenantId, (long)overlapTime.TotalMilliseconds, overlap.Dropped, caughtUp);
        if (!caughtUp)
        {
            await session.PublishAsync(
                new ResnapshotRequired(time.GetUtcNow(), watchedAgents, "token rotation: the old socket ended before it was shown to have delivered everything")
                {
                    Cause = ResnapshotCauses.Rotation,
                },
                cancellationToken).ConfigureAwait(false);
        }

        // The new socket may still bring what the old one already did; past the stale threshold it would have been dropped.
        _ = DisarmLaterAsync(overlap.Generation, cancellationToken);
    }

    private async Task DisarmLaterAsync(long generation, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.StaleThreshold, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The channel is stopping; the overlap goes with it.
        }

        overlap.Disarm(generation);
    }

    private LiveSession Start(
        ClientWebSocket socket,
        AccessToken token,
        SessionRole role,
        ReadOnlyMemory<byte> subscription,
        Func<CancellationToken, ValueTask> onSubscribed,
        ISilenceHandler silence,
        CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ended = session.RunAsync(socket, token, subscription, onSubscribed, stop.Token, silence, role);
        return new LiveSession(socket, token, role, ended, stop, time.GetUtcNow());
    }

    private static async Task<LiveSession?> SettleAsync(Task<LiveSession?> rotation)
    {
        try
        {
            return await rotation.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
