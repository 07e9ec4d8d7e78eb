using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Publication;

/// <summary>A published presence: what subscribers see (design §2 rule 6).</summary>
public sealed record AgentView(
    PresenceLevel Level,
    bool Routable,
    ChannelFreshness Freshness,
    IReadOnlyList<DeviceView> Devices,
    DateTimeOffset Since,
    DateTimeOffset LastUpdated,
    PublishCause Cause,
    long Sequence)
{
    /// <summary>The view of an agent nobody has heard of yet: Offline, not routable, sequence 0.</summary>
    public static AgentView Initial { get; } =
        new(PresenceLevel.Offline, false, ChannelFreshness.Fresh, [], DateTimeOffset.MinValue, DateTimeOffset.MinValue, PublishCause.Delta, 0);

    /// <summary>True when the same thing would be shown, whatever the cause, sequence or time stamps.</summary>
    public bool ShowsSameAs(AgentView other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Level == other.Level && Routable == other.Routable && Freshness == other.Freshness
            && Devices.SequenceEqual(other.Devices);
    }
}
