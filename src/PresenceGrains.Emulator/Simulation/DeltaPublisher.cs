using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.Genesys;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Genesys;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Simulation;

/// <summary>
/// Where every delta the platform emits goes: appended to the delta log, then offered to every socket that wants it,
/// serialised once: as the seed's delta, or (in the Genesys mode, <paramref name="genesys"/> set) as the Genesys events
/// of the sources it changed. Called under the contact centre's lock, so log order is emission order.
/// </summary>
internal sealed class DeltaPublisher(BoundedLog<PresenceStateChange> log, ChannelHub hub, GenesysProjection? genesys)
{
    public void Publish(PresenceStateChange delta)
    {
        log.Append(delta);
        if (genesys is not null)
        {
            PublishGenesys(genesys, delta);
        }
        else if (!hub.IsEmpty)
        {
            hub.PublishDelta(FrameSerializer.Serialize(delta, ProtocolJsonContext.Default.PresenceStateChange), delta.UserId, delta.DeviceId, delta.State);
        }
    }

    private void PublishGenesys(GenesysProjection projection, PresenceStateChange delta)
    {
        var changed = projection.Apply(delta);
        if (changed == GenesysUserTopicParts.None || hub.IsEmpty)
        {
            return;
        }

        // Presence and routing status carry their own times, so they may be reordered; the others are ordered by arrival.
        var view = projection.View(delta.UserId);
        Offer(changed, GenesysUserTopicParts.Presence, view, GenesysFrames.Presence, FrameKind.Delta);
        Offer(changed, GenesysUserTopicParts.RoutingStatus, view, GenesysFrames.RoutingStatus, FrameKind.Delta);
        Offer(changed, GenesysUserTopicParts.ConversationSummary, view, GenesysFrames.ConversationSummary, FrameKind.UnstampedDelta);
        Offer(changed, GenesysUserTopicParts.Station, view, GenesysFrames.Station, FrameKind.UnstampedDelta);
    }

    private void Offer(GenesysUserTopicParts changed, GenesysUserTopicParts part, GenesysAgentView view, Func<GenesysAgentView, byte[]> frame, FrameKind kind)
    {
        if ((changed & part) != 0 && hub.AnyGenesysWants(view.AgentId, part))
        {
            hub.PublishGenesys(frame(view), view.AgentId, part, kind);
        }
    }
}
