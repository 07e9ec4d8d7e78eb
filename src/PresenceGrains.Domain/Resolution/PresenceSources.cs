namespace PresenceGrains.Domain.Resolution;

/// <summary>
/// The per-source cache of one agent (design §2 rule 1) and the composite it resolves to (rules 2–3).
/// Last-writer-wins by <c>lastUpdated</c> per source makes the final cache independent of arrival order,
/// which is what lets reordered and duplicated deltas converge.
/// </summary>
public sealed class PresenceSources
{
    // A sorted list, not a sorted dictionary: an agent has a handful of devices, and reading one by index allocates
    // nothing, where every enumeration of a SortedDictionary allocates a stack. The composite is read on every delta.
    private readonly SortedList<string, SourceState> _devices = new(StringComparer.Ordinal);

    /// <summary>The user-level (agent-declared) state, if any has been seen.</summary>
    public SourceState? User { get; private set; }

    /// <summary>Every known device, ordered by id so that views and equality are deterministic.</summary>
    public IReadOnlyDictionary<string, SourceState> Devices => _devices;

    /// <summary>The newest platform timestamp among all sources; <see cref="DateTimeOffset.MinValue"/> when empty.</summary>
    public DateTimeOffset NewestLastUpdated
    {
        get
        {
            var newest = User?.LastUpdated ?? DateTimeOffset.MinValue;
            for (var i = 0; i < _devices.Count; i++)
            {
                var device = _devices.GetValueAtIndex(i);
                if (device.LastUpdated > newest)
                {
                    newest = device.LastUpdated;
                }
            }

            return newest;
        }
    }

    /// <summary>Applies one delta to its source under last-writer-wins.</summary>
    public ApplyOutcome Apply(PresenceDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var incoming = new SourceState(delta.Signal, delta.LastUpdated);
        var cached = delta.DeviceId is null ? User : Device(delta.DeviceId);
        var outcome = Decide(cached, incoming);
        if (outcome is ApplyOutcome.Applied or ApplyOutcome.TieWon)
        {
            Set(delta.DeviceId, incoming);
        }

        return outcome;
    }

    /// <summary>
    /// Replaces the sources a snapshot names (REST is the source of truth) and forgets devices it no longer lists.
    /// A source whose cached platform timestamp is strictly newer than the snapshot's entry keeps its state:
    /// the snapshot is a point-in-time read, and a delta stamped after it is more recent truth.
    /// </summary>
    /// <returns>Whether the cache changed: a snapshot that confirms what is cached changes nothing.</returns>
    public bool Replace(AgentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var changed = false;
        if (snapshot.User is { } user && !IsNewerPlatformState(User, user.LastUpdated))
        {
            var replacement = new SourceState(user.Signal, user.LastUpdated);
            changed |= replacement != User;
            User = replacement;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in snapshot.Devices)
        {
            named.Add(device.DeviceId);
            var cached = Device(device.DeviceId);
            if (!IsNewerPlatformState(cached, device.LastUpdated))
            {
                var replacement = new SourceState(device.Signal, device.LastUpdated);
                changed |= replacement != cached;
                _devices[device.DeviceId] = replacement;
            }
        }

        foreach (var stale in _devices.Keys.Where(id => !named.Contains(id)).ToList())
        {
            if (!IsNewerPlatformState(_devices[stale], snapshot.TakenAt))
            {
                _devices.Remove(stale);
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Marks a device offline locally after silence (design §3 device TTL). Returns false if nothing changed.</summary>
    public bool DecayDevice(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var cached) || cached.Signal == PresenceSignal.Offline)
        {
            return false;
        }

        _devices[deviceId] = cached with { Signal = PresenceSignal.Offline, Decayed = true };
        return true;
    }

    /// <summary>Marks every source offline locally after the channel stayed lost too long (design §3 agent decay).</summary>
    public bool DecayAll()
    {
        var changed = false;
        if (User is { } user && user.Signal != PresenceSignal.Offline)
        {
            User = user with { Signal = PresenceSignal.Offline, Decayed = true };
            changed = true;
        }
        else if (User is null)
        {
            User = new SourceState(PresenceSignal.Offline, DateTimeOffset.MinValue, Decayed: true);
            changed = true;
        }

        for (var i = 0; i < _devices.Count; i++)
        {
            changed |= DecayDevice(_devices.GetKeyAtIndex(i));
        }

        return changed;
    }

    /// <summary>
    /// The composite: the user level raised by device engagement claims only; with no user level yet, the highest
    /// device claim; with nothing known, Offline.
    /// </summary>
    public PresenceLevel Composite
    {
        get
        {
            var highestEngagement = PresenceLevel.Offline;
            var highestAny = PresenceLevel.Offline;
            for (var i = 0; i < _devices.Count; i++)
            {
                var claim = SignalClaims.Claim(_devices.GetValueAtIndex(i).Signal);
                if (claim > highestAny)
                {
                    highestAny = claim;
                }

                if (SignalClaims.IsEngagement(claim) && claim > highestEngagement)
                {
                    highestEngagement = claim;
                }
            }

            if (User is not { } user)
            {
                return highestAny;
            }

            var userLevel = SignalClaims.Claim(user.Signal);
            return highestEngagement > userLevel ? highestEngagement : userLevel;
        }
    }

    /// <summary>At least one device can take a call, or no device is known (the user level is then all there is).</summary>
    public bool Reachable
    {
        get
        {
            for (var i = 0; i < _devices.Count; i++)
            {
                if (SignalClaims.IsReachable(_devices.GetValueAtIndex(i).Signal))
                {
                    return true;
                }
            }

            return _devices.Count == 0;
        }
    }

    /// <summary>The device at <paramref name="index"/> in <see cref="Devices"/> order, read without allocating.</summary>
    internal KeyValuePair<string, SourceState> DeviceAt(int index) =>
        new(_devices.GetKeyAtIndex(index), _devices.GetValueAtIndex(index));

    /// <summary>Restores a cache from persisted state.</summary>
    public void Restore(SourceState? user, IEnumerable<KeyValuePair<string, SourceState>> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        User = user;
        _devices.Clear();
        foreach (var (id, state) in devices)
        {
            _devices[id] = state;
        }
    }

    private static ApplyOutcome Decide(SourceState? cached, SourceState incoming)
    {
        if (cached is not { } current)
        {
            return ApplyOutcome.Applied;
        }

        if (incoming.LastUpdated > current.LastUpdated)
        {
            return ApplyOutcome.Applied;
        }

        if (incoming.LastUpdated < current.LastUpdated)
        {
            return ApplyOutcome.Stale;
        }

        // A local decay keeps the timestamp of the last real signal, so a late duplicate of that signal must not
        // undo the decay: only a strictly newer platform signal may.
        if (current.Decayed)
        {
            return ApplyOutcome.Stale;
        }

        if (incoming.Signal == current.Signal)
        {
            return ApplyOutcome.Duplicate;
        }

        // The signal order is monotonic in claim priority, so comparing signals is the "higher priority wins" rule,
        // and it is total, which keeps the outcome independent of arrival order.
        return incoming.Signal > current.Signal ? ApplyOutcome.TieWon : ApplyOutcome.TieLost;
    }

    private SourceState? Device(string deviceId) => _devices.TryGetValue(deviceId, out var cached) ? cached : null;

    private static bool IsNewerPlatformState(SourceState? cached, DateTimeOffset snapshotStamp) =>
        cached is { Decayed: false } c && c.LastUpdated > snapshotStamp;

    private void Set(string? deviceId, SourceState state)
    {
        if (deviceId is null)
        {
            User = state;
        }
        else
        {
            _devices[deviceId] = state;
        }
    }
}
