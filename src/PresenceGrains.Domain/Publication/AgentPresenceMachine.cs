using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Publication;

/// <summary>
/// One agent's presence state machine (design §2–3): per-source last-writer-wins, composite resolution, routability,
/// and the hold window that publishes raises at once and holds lowerings. Driven by explicit time so that every
/// rule is testable without waiting.
/// </summary>
/// <remarks>
/// A change is shown at once when it is on the safe side for routing: a raise of the composite, a loss of routability,
/// anything a snapshot or a decay says. Two things are held, because showing them early could route a call to a busy
/// agent, while holding them only delays an agent's next call by one window:
/// <list type="bullet">
/// <item>a lowering of the composite, for one window from the first lowering (later lowerings do not extend it, so the
/// latency of a lowering stays bounded); a raise back meanwhile cancels it, and the inversion never shows;</item>
/// <item>a gain of routability, until the cache has stayed routable for a whole window. It has its own clock: a gain
/// that comes late in a lowering's window would otherwise be shown after a fraction of it, before a busy device whose
/// delta is still in flight (a hand-off) could arrive. When the lowering's window ends first, the lower level is shown
/// at once and routability follows at the end of its own window.</item>
/// </list>
/// The final cache is independent of arrival order, so applying a window's deltas "in timestamp order" is what
/// evaluating the cache at the deadline does.
/// </remarks>
public sealed class AgentPresenceMachine
{
    /// <summary>The seed's de-duplication window.</summary>
    public static readonly TimeSpan DefaultHoldWindow = TimeSpan.FromMilliseconds(500);

    private readonly TimeSpan _holdWindow;
    private DateTimeOffset? _lowerAt;
    private DateTimeOffset? _routableAt;
    private PublishCause _heldCause;
    private DateTimeOffset? _newestSinceLastPublication;

    public AgentPresenceMachine(TimeSpan? holdWindow = null)
    {
        _holdWindow = holdWindow ?? DefaultHoldWindow;
        if (_holdWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(holdWindow), holdWindow, "The hold window cannot be negative.");
        }
    }

    /// <summary>The per-source cache.</summary>
    public PresenceSources Sources { get; } = new();

    /// <summary>What subscribers currently see.</summary>
    public AgentView Published { get; private set; } = AgentView.Initial;

    /// <summary>What the first publication's sequence follows (<see cref="StartSequencesAfter"/>); zero unless set.</summary>
    public long SequenceFloor { get; private set; }

    /// <summary>The channel freshness this agent reports.</summary>
    public ChannelFreshness Freshness { get; private set; } = ChannelFreshness.Fresh;

    /// <summary>Anomaly counters of this agent.</summary>
    public PresenceAnomalies Anomalies { get; } = new();

    /// <summary>When the next held change (a lowering, or routability) is due, if one is pending.</summary>
    public DateTimeOffset? HoldUntil => _lowerAt is { } lowerAt && (_routableAt is not { } routableAt || lowerAt <= routableAt)
        ? lowerAt
        : _routableAt;

    /// <summary>The view the cache resolves to right now, before the hold window decides whether to publish it.</summary>
    public AgentView Candidate(PublishCause cause, DateTimeOffset now)
    {
        var level = Sources.Composite;
        return BuildView(level, IsRoutable(level), cause, now);
    }

    /// <summary>Applies one delta.</summary>
    public MachineStep Apply(PresenceDelta delta, DateTimeOffset now, PresenceLevel? platformComposite = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var outcome = Absorb(delta);
        ObservePlatformComposite(platformComposite);
        return Settle(PublishCause.Delta, now, authoritative: false) with { Outcome = outcome };
    }

    /// <summary>
    /// Applies a batch of deltas as one step, in <c>lastUpdated</c> order, so an inversion inside the batch never shows.
    /// </summary>
    public MachineStep ApplyBatch(IEnumerable<PresenceDelta> deltas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        foreach (var delta in deltas.OrderBy(d => d.LastUpdated))
        {
            Absorb(delta);
        }

        return Settle(PublishCause.Delta, now, authoritative: false);
    }

    /// <summary>Applies an authoritative REST snapshot; the change it causes is published at once, either way.</summary>
    public MachineStep ApplySnapshot(AgentSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var changed = Sources.Replace(snapshot);
        NoteStamp(snapshot.User?.LastUpdated);
        foreach (var device in snapshot.Devices)
        {
            NoteStamp(device.LastUpdated);
        }

        return Settle(PublishCause.Snapshot, now, authoritative: true) with { SourcesChanged = changed };
    }

    /// <summary>Reports the channel's freshness, published at once; the routability that regaining it brings back is held.</summary>
    public MachineStep SetFreshness(ChannelFreshness freshness, DateTimeOffset now)
    {
        Freshness = freshness;
        return Settle(PublishCause.Reconnect, now, authoritative: false);
    }

    /// <summary>A device stayed silent beyond its TTL: it decays to offline, published at once.</summary>
    public MachineStep DecayDevice(string deviceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return Sources.DecayDevice(deviceId)
            ? Settle(PublishCause.Decay, now, authoritative: true)
            : new MachineStep(null, HoldUntil);
    }

    /// <summary>The agent's channel stayed lost beyond its TTL: every source decays to offline, published at once.</summary>
    public MachineStep DecayAll(DateTimeOffset now) =>
        Sources.DecayAll()
            ? Settle(PublishCause.Decay, now, authoritative: true)
            : new MachineStep(null, HoldUntil);

    /// <summary>Time passes: a held change whose window has ended is published if nothing cancelled it meanwhile.</summary>
    public MachineStep Tick(DateTimeOffset now) =>
        HoldUntil is { } deadline && now >= deadline
            ? Settle(_heldCause, now, authoritative: false)
            : new MachineStep(null, HoldUntil);

    /// <summary>
    /// Makes the next publication's sequence follow <paramref name="floor"/> when nothing has been published yet: an agent
    /// with no stored publication cannot skip past what a lost activation of it published, so it starts above a floor
    /// that activation could not have reached (its host takes it from the clock).
    /// </summary>
    public void StartSequencesAfter(long floor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        if (Published.Sequence == 0)
        {
            SequenceFloor = floor;
        }
    }

    /// <summary>
    /// Publishes what is shown again under a sequence past <paramref name="outranked"/>, when that is not already below
    /// this machine's: another activation of the agent (a duplicate that lost the grain directory's race, or one whose silo
    /// died after it published) got that far, and every subscriber keeps each agent's highest sequence, so it would
    /// ignore this machine's publications until they passed it. Nothing to publish before a first publication.
    /// </summary>
    public MachineStep Reassert(long outranked)
    {
        if (Published.Sequence == 0 || Published.Sequence > outranked)
        {
            return new MachineStep(null, HoldUntil);
        }

        Published = Published with { Sequence = outranked + 1 };
        return new MachineStep(Published, HoldUntil);
    }

    /// <summary>Restores a machine from persisted state (the published view and the cache).</summary>
    public void Restore(AgentView published, ChannelFreshness freshness)
    {
        Published = published ?? throw new ArgumentNullException(nameof(published));
        Freshness = freshness;
        _lowerAt = null;
        _routableAt = null;
        _newestSinceLastPublication = null;
    }

    private ApplyOutcome Absorb(PresenceDelta delta)
    {
        var outcome = Sources.Apply(delta);
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                NoteStamp(delta.LastUpdated);
                break;
            case ApplyOutcome.TieWon:
                Anomalies.CountTie();
                NoteStamp(delta.LastUpdated);
                break;
            case ApplyOutcome.TieLost:
                Anomalies.CountTie();
                break;
            case ApplyOutcome.Stale:
                Anomalies.CountStale();
                break;
            case ApplyOutcome.Duplicate:
                Anomalies.CountDuplicate();
                break;
        }

        return outcome;
    }

    private void ObservePlatformComposite(PresenceLevel? platformComposite)
    {
        if (platformComposite is { } platform && platform != Sources.Composite)
        {
            Anomalies.CountCompositeDisagreement();
        }
    }

    private void NoteStamp(DateTimeOffset? stamp)
    {
        if (stamp is { } s && (_newestSinceLastPublication is null || s > _newestSinceLastPublication))
        {
            _newestSinceLastPublication = s;
        }
    }

    // Only what is shown is compared and allocated here: most deltas (stale, duplicate, held) publish nothing, and the
    // view with its device list is built only for a publication.
    private MachineStep Settle(PublishCause cause, DateTimeOffset now, bool authoritative)
    {
        // Nothing heard of the agent yet, and this is not a reading of it (a freshness change, a tick): there is nothing
        // to qualify. Readers may hold what a lost activation of it published, which the placeholder Offline would
        // replace: an agent re-activated with no stored state, told Reconnecting, was listed Offline in `chaos`.
        if (!authoritative && Published.Sequence == 0 && Sources.User is null && Sources.Devices.Count == 0)
        {
            return new MachineStep(null, HoldUntil);
        }

        var level = Sources.Composite;
        var routable = IsRoutable(level);
        if (authoritative)
        {
            _lowerAt = null;
            _routableAt = null;
        }
        else
        {
            TrackHolds(level, routable, cause, now);
        }

        var levelShown = _lowerAt is not { } lowerAt || now >= lowerAt;
        var routableShown = routable && levelShown && (_routableAt is not { } routableAt || now >= routableAt);
        if (levelShown)
        {
            _lowerAt = null;
        }

        if (routableShown)
        {
            _routableAt = null;
        }

        // While the lowering is held only what must show at once does: lost routability and the channel's freshness.
        // The first authoritative reading is always shown, even when it confirms the initial Offline: from then on the
        // agent is known, with a date, rather than the placeholder of an agent nothing is known of.
        var unchanged = (Published.Sequence > 0 || !authoritative) && (levelShown
            ? IsShown(level, routableShown)
            : routableShown == Published.Routable && Freshness == Published.Freshness);
        return unchanged
            ? new MachineStep(null, HoldUntil)
            : new MachineStep(Publish(levelShown ? level : Published.Level, routableShown, cause, now), HoldUntil);
    }

    private void TrackHolds(PresenceLevel level, bool routable, PublishCause cause, DateTimeOffset now)
    {
        var holding = HoldUntil is not null;
        var cancelled = false;
        if (level < Published.Level)
        {
            _lowerAt ??= now + _holdWindow;
        }
        else if (_lowerAt is not null)
        {
            _lowerAt = null;
            cancelled = true;
        }

        if (routable && !Published.Routable)
        {
            _routableAt ??= now + _holdWindow;
        }
        else if (_routableAt is not null)
        {
            _routableAt = null;
            cancelled = true;
        }

        if (cancelled)
        {
            // The cache went back before the window ended: the inversion was caught and never shown.
            Anomalies.CountInversionHeld();
        }

        if (!holding && HoldUntil is not null)
        {
            _heldCause = cause;
        }
    }

    private bool IsRoutable(PresenceLevel level) =>
        level == PresenceLevel.Available && Freshness == ChannelFreshness.Fresh && Sources.Reachable;

    /// <summary>Whether the published view already shows this resolution, compared without building a view.</summary>
    private bool IsShown(PresenceLevel level, bool routable)
    {
        var shown = Published;
        if (shown.Level != level || shown.Routable != routable || shown.Freshness != Freshness
            || shown.Devices.Count != Sources.Devices.Count)
        {
            return false;
        }

        for (var i = 0; i < shown.Devices.Count; i++)
        {
            if (!Shows(shown.Devices[i], Sources.DeviceAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Shows(DeviceView view, KeyValuePair<string, SourceState> device) =>
        view.DeviceId == device.Key && view.Signal == device.Value.Signal && view.LastUpdated == device.Value.LastUpdated;

    private AgentView BuildView(PresenceLevel level, bool routable, PublishCause cause, DateTimeOffset now)
    {
        // Device views are immutable, so a device that did not change keeps the view already published.
        var shown = Published.Devices;
        var devices = new DeviceView[Sources.Devices.Count];
        for (var i = 0; i < devices.Length; i++)
        {
            var device = Sources.DeviceAt(i);
            devices[i] = i < shown.Count && Shows(shown[i], device)
                ? shown[i]
                : new DeviceView(device.Key, device.Value.Signal, device.Value.LastUpdated);
        }

        // The first publication dates its level even when it is the initial Offline: nothing was shown before it.
        var since = level == Published.Level && Published.Sequence > 0 ? Published.Since : _newestSinceLastPublication ?? now;
        return new AgentView(level, routable, Freshness, devices, since, Sources.NewestLastUpdated, cause, Math.Max(Published.Sequence, SequenceFloor) + 1);
    }

    private AgentView Publish(PresenceLevel level, bool routable, PublishCause cause, DateTimeOffset now)
    {
        var levelChanged = level != Published.Level;
        Published = BuildView(level, routable, cause, now);
        if (levelChanged)
        {
            // `Since` dates the level: stamps gathered while it was held (behind a routability-only publication, say)
            // still date the level change when it shows.
            _newestSinceLastPublication = null;
        }

        return Published;
    }
}
