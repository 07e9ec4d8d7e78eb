using System.Text.Json;
using PresenceGrains.Emulator.Channel;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// What a Genesys client may say on its channel's socket: <c>{"message":"ping"}</c> (answered with the pong, in order
/// behind what is already queued, so a half-open socket answers nothing), and the socket form of subscribing and
/// unsubscribing. Anything else gets a <c>{"result":"400"}</c> and the socket stays open.
/// </summary>
internal sealed class GenesysSocketProtocol(GenesysChannelState channel, GenesysChannels channels, TimeProvider time)
{
    public GenesysChannelState Channel { get; } = channel;

    public void Handle(ChannelSession session, ReadOnlySpan<byte> message, bool binary)
    {
        GenesysSocketRequest? request = null;
        if (!binary)
        {
            try
            {
                request = JsonSerializer.Deserialize(message, GenesysJsonContext.Default.GenesysSocketRequest);
            }
            catch (JsonException)
            {
                // Answered below.
            }
        }

        switch (request?.Message)
        {
            case GenesysSocketRequest.Ping:
                session.Offer(new OutboundFrame(FrameKind.Heartbeat, GenesysFrames.Pong(), time.GetTimestamp()));
                break;
            case GenesysSocketRequest.Subscribe or GenesysSocketRequest.Unsubscribe when request.Topics is { Count: > 0 } topics:
                var subscribe = request.Message == GenesysSocketRequest.Subscribe;
                var outcome = channels.Subscribe(Channel, topics, subscribe ? SubscribeMode.Add : SubscribeMode.Remove);
                session.Reply(outcome.Refusal is { } refusal
                    ? GenesysFrames.Result("400", "error", request.CorrelationId, refusal)
                    : GenesysFrames.Result("200", subscribe ? "subscribed" : "unsubscribed", request.CorrelationId, null));
                break;
            default:
                session.Reply(GenesysFrames.Result("400", "error", request?.CorrelationId, "Send {\"message\":\"ping\"} or {\"message\":\"subscribe\",\"topics\":[…]} as a JSON text frame."));
                break;
        }
    }
}
