using System.Net.WebSockets;
using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.Hosting;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// <c>GET /genesys/streaming/channels/{id}</c> (WebSocket): a channel's socket, the <c>connectUri</c> a channel was created
/// with. The channel is the credential (no token in the URL). One socket per channel: a second connection closes the
/// first. Unknown or expired channels are a 404; <c>refuse-reconnects</c> and the tenant's connection rate a 429.
/// </summary>
internal static partial class GenesysStreamingEndpoints
{
    public static void MapGenesysStreamingEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(GenesysChannelEndpoints.StreamingPath + "/{channelId}", OpenAsync);

    private static async Task OpenAsync(
        string channelId, HttpContext context, GenesysChannels channels, ChannelHub hub, ContactCentre centre, ConnectionRateLimiter limiter,
        BoundedLog<HandshakeRecord> handshakes, EmulatorOptions options, EmulatorFaults faults, TimeProvider time, ILogger<ChannelSession> logger)
    {
        var channel = channels.Find(channelId, null);
        var outcome = !context.WebSockets.IsWebSocketRequest ? HandshakeOutcome.NotWebSocket
            : channel is null ? HandshakeOutcome.UnknownChannel
            : faults.TryRefuse(time.GetUtcNow(), out _) ? HandshakeOutcome.Refused
            : !limiter.TryAcquire(channel.Creator.Tenant.TenantId, out _) ? HandshakeOutcome.RateLimited
            : HandshakeOutcome.Accepted;
        handshakes.Append(new HandshakeRecord(time.GetUtcNow(), channel?.ClientId, channel?.Creator.Tenant.TenantId, outcome));
        LogHandshake(logger, channelId, outcome);
        switch (outcome)
        {
            case HandshakeOutcome.NotWebSocket:
                await Results.Text("WebSocket upgrade required", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            case HandshakeOutcome.UnknownChannel:
                await GenesysErrors.NotFound($"Channel '{channelId}'").ExecuteAsync(context);
                return;
            case HandshakeOutcome.Refused or HandshakeOutcome.RateLimited:
                var retry = faults.RefuseReconnects?.RetryAfterSeconds ?? (int)Math.Ceiling(options.ConnectionRateLimit.Window.TotalSeconds);
                await RetryAfter.TooManyRequests(context, TimeSpan.FromSeconds(retry), "connection refused: too many requests").ExecuteAsync(context);
                return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PongTimeout,
        });
        var session = new ChannelSession(
            hub.NextSessionId(), socket, context, channel!.Creator, options, faults, centre.State, time, logger, new GenesysSocketProtocol(channel, channels, time));
        if (!channels.TryAttach(channel, session, out var replaced))
        {
            session.EndGenesys(GenesysFrames.ChannelExpired(), SessionEnd.ChannelGone, WebSocketCloseStatus.NormalClosure, "channel expired");
        }

        replaced?.EndGenesys(null, SessionEnd.Replaced, WebSocketCloseStatus.NormalClosure, "replaced by a newer connection");
        hub.Add(session);
        SessionEnd end;
        try
        {
            end = await session.RunAsync();
        }
        finally
        {
            hub.Remove(session);
            channels.Detach(channel, session);
        }

        if (end != SessionEnd.ServerStopping && faults.ChangesWhileDisconnected is { } away)
        {
            centre.ChangeWhileAway(channels.WatchedAgents(channel), away.Changes);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Genesys channel {ChannelId} socket handshake: {Outcome}")]
    private static partial void LogHandshake(ILogger logger, string channelId, HandshakeOutcome outcome);
}
