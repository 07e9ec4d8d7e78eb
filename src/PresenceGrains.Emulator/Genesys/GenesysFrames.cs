using PresenceGrains.Emulator.Channel;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>Every frame the Genesys mode sends on a socket, serialised once (source-generated) into the bytes sent.</summary>
internal static class GenesysFrames
{
    private const string Version = "2";
    private static readonly GenesysJsonContext Json = GenesysJsonContext.Default;
    private static readonly GenesysMediaSummary NoConversations = Media(0, 0);

    public static byte[] Heartbeat() => Metadata(GenesysChannelMetadata.Heartbeat);

    public static byte[] Pong() => Metadata(GenesysChannelMetadata.Pong);

    public static byte[] SocketClosing(GenesysChannelState channel) =>
        System(GenesysTopics.SocketClosing, new GenesysSystemMessage(channel.Id, null, null, null, null, "The socket will close; open a new one."));

    public static byte[] NoLongerSubscribed(GenesysChannelState channel) =>
        System(GenesysTopics.NoLongerSubscribed, new GenesysSystemMessage(
            channel.Id, GenesysSystemMessage.NoLongerSubscribed, null, channel.ClientId, null, "The client created more channels than it may hold; this, its oldest, was removed."));

    public static byte[] TokenRevoked(GenesysChannelState channel) =>
        System(GenesysTopics.TokenRevoked, new GenesysSystemMessage(
            channel.Id, GenesysSystemMessage.TokenRevoked, null, channel.ClientId, GenesysSystemMessage.UserTokensRevoked, "The token this channel was created with was revoked."));

    public static byte[] ChannelExpired() => Result("404", null, null, "channel expired");

    public static byte[] Result(string result, string? status, string? correlationId, string? message) =>
        FrameSerializer.Serialize(new GenesysSocketResult(result, status, correlationId, message), Json.GenesysSocketResult);

    public static byte[] Presence(GenesysAgentView view) =>
        FrameSerializer.Serialize(
            new GenesysNotification<GenesysPresenceEvent>(GenesysTopics.Presence(view.AgentId), Version, PresenceEvent(view), Correlation()),
            Json.GenesysNotificationGenesysPresenceEvent);

    public static byte[] RoutingStatus(GenesysAgentView view) =>
        FrameSerializer.Serialize(
            new GenesysNotification<GenesysRoutingStatusEvent>(
                GenesysTopics.RoutingStatus(view.AgentId), Version, new GenesysRoutingStatusEvent(new GenesysRoutingStatusValue(view.RoutingStatus, view.RoutingStart)), Correlation()),
            Json.GenesysNotificationGenesysRoutingStatusEvent);

    public static byte[] ConversationSummary(GenesysAgentView view) =>
        FrameSerializer.Serialize(
            new GenesysNotification<GenesysConversationSummary>(GenesysTopics.ConversationSummary(view.AgentId), Version, Summary(view), Correlation()),
            Json.GenesysNotificationGenesysConversationSummary);

    public static byte[] Station(GenesysAgentView view) =>
        FrameSerializer.Serialize(
            new GenesysNotification<GenesysStationEvent>(
                GenesysTopics.Station(view.AgentId),
                Version,
                new GenesysStationEvent(view.StationDeviceId is { } device
                    ? new GenesysStation(GenesysPresences.StationId(device), device, null, new GenesysEntityRef(view.AgentId), null)
                    : null),
                Correlation()),
            Json.GenesysNotificationGenesysStationEvent);

    public static GenesysPresenceEvent PresenceEvent(GenesysAgentView view) =>
        new("PURECLOUD", Definition(view.SystemPresence), true, null, view.PresenceModified);

    public static GenesysPresenceDefinition Definition(string systemPresence) => new(GenesysPresences.DefinitionId(systemPresence), systemPresence);

    public static GenesysConversationSummary Summary(GenesysAgentView view) =>
        new(view.AgentId, Media(view.ActiveCalls, view.AcwCalls), NoConversations, NoConversations, NoConversations, NoConversations, NoConversations, NoConversations);

    private static GenesysMediaSummary Media(int active, int acw) => new(new GenesysMediaSummaryDetail(active, acw), new GenesysMediaSummaryDetail(0, 0));

    private static GenesysNotificationMetadata Correlation() => new(Guid.NewGuid().ToString());

    private static byte[] Metadata(string message) =>
        FrameSerializer.Serialize(
            new GenesysNotification<GenesysChannelMetadata>(GenesysTopics.ChannelMetadata, Version, new GenesysChannelMetadata(message), null),
            Json.GenesysNotificationGenesysChannelMetadata);

    private static byte[] System(string topic, GenesysSystemMessage body) =>
        FrameSerializer.Serialize(new GenesysNotification<GenesysSystemMessage>(topic, Version, body, null), Json.GenesysNotificationGenesysSystemMessage);
}
