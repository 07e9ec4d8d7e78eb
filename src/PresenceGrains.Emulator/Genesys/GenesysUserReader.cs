using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>Reads agents as Genesys users, from the projection, under the contact centre's lock (a consistent instant).</summary>
internal sealed class GenesysUserReader(CentreState centre, GenesysProjection projection)
{
    /// <summary>The known users among <paramref name="ids"/>, in that order, with the parts in <paramref name="expand"/>.</summary>
    public IReadOnlyList<GenesysUser> Users(IReadOnlyList<string> ids, GenesysUserTopicParts expand)
    {
        lock (centre.Gate)
        {
            return [.. ids.Where(id => centre.FindAgent(id) is not null).Select(id => User(projection.View(id), expand))];
        }
    }

    /// <summary>The bulk presence answer: the known users' presences.</summary>
    public IReadOnlyList<GenesysUserPresence> Presences(IReadOnlyList<string> ids)
    {
        lock (centre.Gate)
        {
            return [.. ids.Where(id => centre.FindAgent(id) is not null).Select(id => Presence(projection.View(id), id))];
        }
    }

    private static GenesysUser User(GenesysAgentView view, GenesysUserTopicParts expand) =>
        new(
            view.AgentId,
            view.AgentId,
            "active",
            expand.HasFlag(GenesysUserTopicParts.Presence) ? Presence(view, null) : null,
            expand.HasFlag(GenesysUserTopicParts.RoutingStatus) ? new GenesysRoutingStatus(view.AgentId, view.RoutingStatus, view.RoutingStart) : null,
            expand.HasFlag(GenesysUserTopicParts.ConversationSummary) ? GenesysFrames.Summary(view) : null,
            expand.HasFlag(GenesysUserTopicParts.Station) ? Stations(view) : null);

    private static GenesysUserPresence Presence(GenesysAgentView view, string? userId) =>
        new(userId, "PURECLOUD", true, GenesysFrames.Definition(view.SystemPresence), null, view.PresenceModified);

    private static GenesysUserStations Stations(GenesysAgentView view)
    {
        if (view.StationDeviceId is not { } device)
        {
            return new GenesysUserStations(null, null, null, null);
        }

        var station = new GenesysStation(GenesysPresences.StationId(device), device, StationType(device), new GenesysEntityRef(view.AgentId), view.StationSince);
        return new GenesysUserStations(station, station, null, station);
    }

    private static string StationType(string deviceId) =>
        deviceId.EndsWith("-softphone", StringComparison.Ordinal) ? "inin_webrtc_softphone" : deviceId.EndsWith("-deskphone", StringComparison.Ordinal) ? "inin_remote" : "inin_webrtc_mobile";
}
