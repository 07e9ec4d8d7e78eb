using System.Net.WebSockets;
using PresenceGrains.Emulator.Simulation;

namespace PresenceGrains.Emulator.Channel;

/// <summary><c>GET /api/v2/presence?access_token=…</c>: the real-time channel, and the platform's reaction when it ends.</summary>
internal static class ChannelEndpoints
{
    public static void MapChannelEndpoints(this IEndpointRouteBuilder app) => app.MapGet("/api/v2/presence", OpenChannelAsync);

    private static async Task OpenChannelAsync(
        HttpContext context, ChannelGate gate, ChannelHub hub, ContactCentre centre, EmulatorOptions options, EmulatorFaults faults, TimeProvider time, ILogger<ChannelSession> logger)
    {
        var (token, refusal) = gate.Admit(context);
        if (token is null)
        {
            await refusal!.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PongTimeout,
        });
        var session = new ChannelSession(hub.NextSessionId(), socket, context, token, options, faults, centre.State, time, logger);
        hub.Add(session);
        SessionEnd end;
        try
        {
            end = await session.RunAsync();
        }
        finally
        {
            hub.Remove(session);
        }

        if (session.Subscription is not { } subscription)
        {
            return;
        }

        // Seed §3: no pong means a crashed client; the platform cannot risk routing to its devices.
        if (end == SessionEnd.PongTimeout)
        {
            centre.MarkDevicesOffline(subscription.DeviceIds);
        }

        if (end != SessionEnd.ServerStopping && faults.ChangesWhileDisconnected is { } away)
        {
            centre.ChangeWhileAway(subscription.WatchedAgents, away.Changes);
        }
    }
}
