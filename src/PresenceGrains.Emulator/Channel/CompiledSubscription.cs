using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// A subscription payload turned into fast lookups. <c>user</c> entries match user-level deltas by user id,
/// <c>device</c> entries match device deltas by device id, each limited to its state types. As a real platform does,
/// it honours the seed's traps: <c>global</c>, a missing filter, <c>["all"]</c> or no state types at all mean
/// "everything", and bring the internal noise with them.
/// </summary>
internal sealed class CompiledSubscription
{
    private const string AllStates = "all";
    private readonly Entry[] _entries;

    private CompiledSubscription(Entry[] entries, bool global, bool wantsNoise, int users, int devices, IReadOnlyCollection<string> deviceIds, IReadOnlyCollection<string> watchedAgents)
    {
        _entries = entries;
        Global = global;
        WantsNoise = wantsNoise;
        Users = users;
        Devices = devices;
        DeviceIds = deviceIds;
        WatchedAgents = watchedAgents;
    }

    public bool Global { get; }

    public bool WantsNoise { get; }

    /// <summary>How many known users the subscription covers (for the <c>subscribed</c> answer).</summary>
    public int Users { get; }

    /// <summary>How many known devices the subscription covers.</summary>
    public int Devices { get; }

    /// <summary>The known agents named at user scope, or owning a device named at device scope.</summary>
    public IReadOnlyCollection<string> WatchedAgents { get; }

    /// <summary>The known devices named at device scope: these go offline when the client stops answering pings.</summary>
    public IReadOnlyCollection<string> DeviceIds { get; }

    public static CompiledSubscription Compile(SubscriptionRequest request, CentreState centre)
    {
        var entries = new List<Entry>();
        var global = false;
        var noise = false;
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        var deviceIds = new HashSet<string>(StringComparer.Ordinal);
        var allUsers = false;
        var allDevices = false;
        foreach (var subscription in request.Subscriptions)
        {
            var states = subscription.StateTypes is { Count: > 0 } types && !types.Contains(AllStates)
                ? types.ToHashSet(StringComparer.Ordinal)
                : null;
            var ids = subscription.Filter?.Ids is { } named ? named.ToHashSet(StringComparer.Ordinal) : null;
            noise |= states is null || (ids is null && subscription.Type != "global");
            switch (subscription.Type)
            {
                case "global":
                    global = true;
                    noise = true;
                    break;
                case "user":
                    entries.Add(new Entry(Scope.User, ids, states));
                    allUsers |= ids is null;
                    userIds.UnionWith(ids?.Where(id => centre.FindAgent(id) is not null) ?? []);
                    break;
                default:
                    entries.Add(new Entry(Scope.Device, ids, states));
                    allDevices |= ids is null;
                    deviceIds.UnionWith(ids?.Where(id => centre.FindDevice(id) is not null) ?? []);
                    break;
            }
        }

        var users = global || allUsers ? centre.Agents.Length : userIds.Count;
        var devices = global || allDevices ? centre.DeviceCount : deviceIds.Count;
        var watched = new HashSet<string>(userIds, StringComparer.Ordinal);
        watched.UnionWith(deviceIds.Select(id => centre.FindDevice(id)!.Value.Agent.Id));
        return new CompiledSubscription([.. entries], global, noise, users, devices, deviceIds, watched);
    }

    public bool Accepts(string userId, string? deviceId, string state)
    {
        if (Global)
        {
            return true;
        }

        foreach (var entry in _entries)
        {
            if (entry.Matches(userId, deviceId, state))
            {
                return true;
            }
        }

        return false;
    }

    private enum Scope
    {
        User,
        Device,
    }

    private sealed record Entry(Scope Scope, HashSet<string>? Ids, HashSet<string>? States)
    {
        public bool Matches(string userId, string? deviceId, string state) =>
            (Scope == Scope.User ? deviceId is null && (Ids is null || Ids.Contains(userId))
                                 : deviceId is not null && (Ids is null || Ids.Contains(deviceId)))
            && (States is null || States.Contains(state));
    }
}
