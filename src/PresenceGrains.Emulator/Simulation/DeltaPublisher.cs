using PresenceGrains.Emulator.Channel;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Simulation;

/// <summary>
/// Where every delta the platform emits goes: serialised once, appended to the delta log, offered to every socket
/// whose subscription wants it. Called under the contact centre's lock, so log order is emission order.
/// </summary>
internal sealed class DeltaPublisher(BoundedLog<PresenceStateChange> log, ChannelHub hub)
{
    public void Publish(PresenceStateChange delta)
    {
        log.Append(delta);
        if (!hub.IsEmpty)
        {
            hub.PublishDelta(FrameSerializer.Serialize(delta, ProtocolJsonContext.Default.PresenceStateChange), delta.UserId, delta.DeviceId, delta.State);
        }
    }
}
