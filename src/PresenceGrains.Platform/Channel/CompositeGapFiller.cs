using PresenceGrains.Domain.Resolution;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Every delta carries the platform's own composite, with each of the agent's devices' state and timestamp (seed §2).
/// When the platform drops a device's delta in silence, the agent's next delta still says what that device is now:
/// this passes on a device state newer than anything seen for that device as a delta of its own, so a lost device
/// change is mended at the agent's next change instead of at the background re-read a minute later. The `chaos-soak`
/// turn that drops 20 % of deltas left 3.4–4.1 M agent-ms of false Available, all of it waiting for that re-read.
/// </summary>
/// <remarks>
/// <para>A device not seen since the subscription is passed on only when the composite's timestamp is past the
/// subscription's: before it, the connect's snapshot of the agent says the same. When the device's own delta comes
/// after its copy from a composite (it was late, not lost), it is dropped here, as the copy already went on: the agent
/// would count it as a duplicate. Nothing here ever overrides a newer state: last writer by timestamp wins, as in the
/// agent (design §2 rule 1).</para>
/// <para>Only watched devices are passed on: the composite lists every device of the user, and one the tenant does not
/// watch must not start to count because a composite named it. Only the channel's readers call it, one at a time (behind
/// the session's write gate). It remembers one entry per watched device seen, keyed by the watched set's own strings;
/// past <see cref="Capacity"/> it starts again, and only misses gaps until it has seen the devices again.</para>
/// </remarks>
internal sealed class CompositeGapFiller(IEnumerable<string> watchedDevices)
{
    public const int Capacity = 1_000_000;

    /// <summary>The reason a delta taken from a composite carries, for traces and logs.</summary>
    public const string Reason = "compositeState";

    private readonly HashSet<string> _watched = new(watchedDevices, StringComparer.Ordinal);
    private readonly Dictionary<string, Seen> _devices = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _subscribedAt = DateTimeOffset.MaxValue;

    /// <summary>The platform accepted a subscription at this time of its clock: what a device did before, the snapshot says.</summary>
    public void Subscribed(DateTimeOffset platformTime)
    {
        lock (_gate)
        {
            _subscribedAt = platformTime;
        }
    }

    /// <summary>
    /// Notes a delta and its composite. Returns the device changes the composite shows and no delta brought (none, most
    /// of the time); <paramref name="passOn"/> is false when the delta is one of those, already passed on.
    /// </summary>
    public IReadOnlyList<PresenceDelta> Observe(PresenceDelta delta, IReadOnlyList<CompositeDeviceState> composite, out bool passOn)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(composite);
        passOn = true;
        List<PresenceDelta>? recovered = null;
        lock (_gate)
        {
            if (_devices.Count >= Capacity)
            {
                _devices.Clear();
            }

            if (delta.DeviceId is { } deviceId && _watched.TryGetValue(deviceId, out var own))
            {
                var known = _devices.TryGetValue(own, out var seen);
                if (known && seen.FromComposite && seen.LastUpdated == delta.LastUpdated && seen.Signal == delta.Signal)
                {
                    passOn = false;
                }

                if (!known || delta.LastUpdated >= seen.LastUpdated)
                {
                    _devices[own] = new Seen(delta.LastUpdated, delta.Signal, FromComposite: false);
                }
            }

            foreach (var device in composite)
            {
                if (device.DeviceId == delta.DeviceId || !_watched.TryGetValue(device.DeviceId, out var id)
                    || SignalClaims.Parse(device.State) is not { } signal)
                {
                    continue;
                }

                var known = _devices.TryGetValue(id, out var seen);
                if (known ? device.Timestamp <= seen.LastUpdated : device.Timestamp <= _subscribedAt)
                {
                    if (!known)
                    {
                        _devices[id] = new Seen(device.Timestamp, signal, FromComposite: false);
                    }

                    continue;
                }

                _devices[id] = new Seen(device.Timestamp, signal, FromComposite: true);
                (recovered ??= []).Add(new PresenceDelta(delta.AgentId, id, signal, device.Timestamp, Reason));
            }
        }

        return recovered ?? (IReadOnlyList<PresenceDelta>)[];
    }

    private readonly record struct Seen(DateTimeOffset LastUpdated, PresenceSignal Signal, bool FromComposite);
}
