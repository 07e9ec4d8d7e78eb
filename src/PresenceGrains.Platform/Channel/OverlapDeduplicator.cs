using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// While a token rotation overlaps two sockets, a delta the platform emits after the new subscription took hold
/// arrives on both: the first copy goes through, the second is dropped here, so a rotation never publishes a change
/// twice. Outside a rotation it holds nothing and costs one read. Past <see cref="Capacity"/> deltas in one overlap it
/// stops remembering: a burst must not grow memory without bound, and the grains still discard a same-timestamp,
/// same-state duplicate without publishing it.
/// </summary>
/// <remarks>Only the channel's writers call it, one at a time (behind the session's write gate).</remarks>
internal sealed class OverlapDeduplicator
{
    public const int Capacity = 200_000;

    private readonly HashSet<DeltaKey> _seen = [];
    private volatile bool _armed;
    private long _dropped;
    private long _generation;

    /// <summary>Duplicates dropped in the current (or last) overlap.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Which overlap is the latest; a late disarm of an earlier one leaves a newer one alone.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>A second socket is opening: remember every delta from now on. Returns this overlap's generation.</summary>
    public long Arm()
    {
        lock (_seen)
        {
            _seen.Clear();
            Interlocked.Exchange(ref _dropped, 0);
            _armed = true;
            return Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>Only one socket is left and it has had time to deliver what the other one did.</summary>
    public void Disarm(long generation)
    {
        lock (_seen)
        {
            if (generation != Interlocked.Read(ref _generation))
            {
                return;
            }

            _armed = false;
            _seen.Clear();
        }
    }

    /// <summary>True when this delta should be published: no overlap, or its first copy.</summary>
    public bool FirstCopy(PresenceDelta delta)
    {
        if (!_armed)
        {
            return true;
        }

        lock (_seen)
        {
            if (!_armed || _seen.Count >= Capacity)
            {
                return true;
            }

            if (_seen.Add(new DeltaKey(delta.AgentId, delta.DeviceId, delta.LastUpdated.UtcTicks, delta.Signal)))
            {
                return true;
            }

            Interlocked.Increment(ref _dropped);
            return false;
        }
    }

    private readonly record struct DeltaKey(string AgentId, string? DeviceId, long LastUpdatedTicks, PresenceSignal Signal);
}
