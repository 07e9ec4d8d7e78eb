using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Publication;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Grains;

/// <summary>
/// Converts between the Domain's types and the published contracts. The enums share names and values on purpose; a test
/// pins that, so the casts here stay exact.
/// </summary>
public static class ContractMapping
{
    public static DeviceState ToContract(this PresenceSignal signal) => (DeviceState)(int)signal;

    public static PresenceSignal ToDomain(this DeviceState state) => (PresenceSignal)(int)state;

    public static AgentState ToContract(this PresenceLevel level) => (AgentState)(int)level;

    public static PresenceLevel ToDomain(this AgentState state) => (PresenceLevel)(int)state;

    public static Freshness ToContract(this ChannelFreshness freshness) => (Freshness)(int)freshness;

    public static ChannelFreshness ToDomain(this Freshness freshness) => (ChannelFreshness)(int)freshness;

    public static ChangeCause ToContract(this PublishCause cause) => (ChangeCause)(int)cause;

    public static PublishCause ToDomain(this ChangeCause cause) => (PublishCause)(int)cause;

    public static AgentPresence ToContract(this AgentView view, string tenantId, string agentId)
    {
        ArgumentNullException.ThrowIfNull(view);
        var devices = new DevicePresence[view.Devices.Count];
        for (var i = 0; i < devices.Length; i++)
        {
            var d = view.Devices[i];
            devices[i] = new DevicePresence(d.DeviceId, d.Signal.ToContract(), d.LastUpdated);
        }

        return new AgentPresence(
            tenantId, agentId, view.Level.ToContract(), view.Routable, view.Freshness.ToContract(),
            view.Since, view.LastUpdated, view.Cause.ToContract(), view.Sequence, devices);
    }

    public static AgentView ToDomain(this AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return new AgentView(
            presence.State.ToDomain(), presence.Routable, presence.Freshness.ToDomain(),
            presence.Devices.Select(d => new DeviceView(d.DeviceId, d.State.ToDomain(), d.LastUpdated)).ToList(),
            presence.Since, presence.LastUpdated, presence.Cause.ToDomain(), presence.Sequence);
    }
}
