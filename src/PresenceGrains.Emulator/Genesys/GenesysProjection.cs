using PresenceGrains.Protocol.Genesys;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// Projects the simulation onto Genesys Cloud's sources (the table in the emulator's README): every delta the
/// simulation emits updates the agent's <see cref="GenesysAgentView"/> and says which sources changed, so that only
/// those events go out. The simulation's per-device states do not exist in Genesys; what it shows is derived from
/// them: conversations from engaged devices, the routing status from the agent's engagement, the station from the
/// first reachable device. Called under the contact centre's lock.
/// </summary>
internal sealed class GenesysProjection(DateTimeOffset origin)
{
    private readonly Dictionary<string, GenesysAgentView> _views = new(StringComparer.Ordinal);

    /// <summary>The agent's view; an agent the simulation never changed is offline since the origin.</summary>
    public GenesysAgentView View(string agentId) =>
        _views.TryGetValue(agentId, out var view) ? view : new GenesysAgentView(agentId, origin);

    /// <summary>Applies one delta; returns the sources whose Genesys view changed.</summary>
    public GenesysUserTopicParts Apply(PresenceStateChange delta)
    {
        if (!_views.TryGetValue(delta.UserId, out var view))
        {
            view = new GenesysAgentView(delta.UserId, origin);
            _views.Add(delta.UserId, view);
        }

        // A user-level delta that only repeats the declared state (the platform's "composite changed" push) keeps the
        // reason the state was declared with.
        if (delta.DeviceId is null && delta.State != view.UserState)
        {
            view.UserState = delta.State;
            view.UserReason = delta.Reason;
        }

        var at = delta.LastUpdated;
        var devices = delta.CompositeState.DeviceStates;
        var changed = GenesysUserTopicParts.None;

        var presence = SystemPresenceOf(view.UserState, view.UserReason);
        if (presence != view.SystemPresence)
        {
            view.SystemPresence = presence;
            view.PresenceModified = at;
            changed |= GenesysUserTopicParts.Presence;
        }

        var routing = RoutingStatusOf(view.UserState, view.UserReason, devices);
        if (routing != view.RoutingStatus)
        {
            view.RoutingStatus = routing;
            view.RoutingStart = at;
            changed |= GenesysUserTopicParts.RoutingStatus;
        }

        var active = view.UserState == PresenceStates.OnCall || devices.Any(d => IsEngaged(d.State)) ? 1 : 0;
        var acw = view.UserState == PresenceStates.WrapUp || devices.Any(d => d.State == PresenceStates.WrapUp) ? 1 : 0;
        if (active != view.ActiveCalls || acw != view.AcwCalls)
        {
            view.ActiveCalls = active;
            view.AcwCalls = acw;
            changed |= GenesysUserTopicParts.ConversationSummary;
        }

        var station = devices.FirstOrDefault(d => d.State != PresenceStates.Offline)?.DeviceId;
        if (!string.Equals(station, view.StationDeviceId, StringComparison.Ordinal))
        {
            view.StationDeviceId = station;
            view.StationSince = at;
            changed |= GenesysUserTopicParts.Station;
        }

        return changed;
    }

    /// <summary>The system presence of a declared state; a missed call keeps the agent On Queue (routing says NOT_RESPONDING).</summary>
    public static string SystemPresenceOf(string userState, string? reason) => userState switch
    {
        PresenceStates.Offline => GenesysPresences.Offline,
        PresenceStates.NotReady => reason switch
        {
            "not_responding" => GenesysPresences.OnQueue,
            "break" => GenesysPresences.Break,
            "lunch" => GenesysPresences.Meal,
            "training" => GenesysPresences.Training,
            "meeting" => GenesysPresences.Meeting,
            _ => GenesysPresences.Away,
        },
        _ => GenesysPresences.OnQueue,
    };

    public static string RoutingStatusOf(string userState, string? reason, IReadOnlyList<CompositeDeviceState> devices)
    {
        if (userState is PresenceStates.OnCall or PresenceStates.WrapUp || devices.Any(d => IsEngaged(d.State) || d.State == PresenceStates.WrapUp))
        {
            return GenesysRoutingStatuses.Interacting;
        }

        if ((userState == PresenceStates.NotReady && reason == "not_responding") || devices.Any(d => d.State == PresenceStates.NotReady))
        {
            return GenesysRoutingStatuses.NotResponding;
        }

        return userState == PresenceStates.Available ? GenesysRoutingStatuses.Idle : GenesysRoutingStatuses.OffQueue;
    }

    private static bool IsEngaged(string state) => state is PresenceStates.Ringing or PresenceStates.OnCall or PresenceStates.InUse;
}
