using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Publication;

/// <summary>
/// One agent's presence state machine (design §2–3): per-source last-writer-wins, composite resolution, routability,
/// and the hold window that publishes raises at once and holds lowerings. Driven by explicit time so that every
/// rule is testable without waiting.
/// </summary>
/// <remarks>
/// Every change is classed by the direction that matters for routing. A change is <em>permissive</em> when it lowers the
/// composite or makes the agent routable: only those are held, because a held raise would route calls to a busy agent
/// while a held lowering only delays an agent's next call by at most the window. The final cache is independent of
/// arrival order, so applying a window's deltas "in timestamp order" is what evaluating the cache at the deadline does.
/// </remarks>
public sealed class AgentPresenceMachine
{
    /// <summary>The seed's de-duplication window.</summary>
    public static readonly TimeSpan DefaultHoldWindow = TimeSpan.FromMilliseconds(500);

    private readonly TimeSpan _holdWindow;
    private DateTimeOffset? _holdUntil;
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

    /// <summary>The channel freshness this agent reports.</summary>
    public ChannelFreshness Freshness { get; private set; } = ChannelFreshness.Fresh;

    /// <summary>Anomaly counters of this agent.</summary>
    public PresenceAnomalies Anomalies { get; } = new();

    /// <summary>The deadline of a held lowering, if one is pending.</summary>
    public DateTimeOffset? HoldUntil => _holdUntil;

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
        Absorb(delta);
        ObservePlatformComposite(platformComposite);
        return Evaluate(PublishCause.Delta, now, authoritative: false);
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

        return Evaluate(PublishCause.Delta, now, authoritative: false);
    }

    /// <summary>Applies an authoritative REST snapshot; the change it causes is published at once, either way.</summary>
    public MachineStep ApplySnapshot(AgentSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Sources.Replace(snapshot);
        NoteStamp(snapshot.User?.LastUpdated);
        foreach (var device in snapshot.Devices)
        {
            NoteStamp(device.LastUpdated);
        }

        return Evaluate(PublishCause.Snapshot, now, authoritative: true);
    }

    /// <summary>Reports the channel's freshness; losing it is published at once, regaining it is held like a lowering.</summary>
    public MachineStep SetFreshness(ChannelFreshness freshness, DateTimeOffset now)
    {
        Freshness = freshness;
        return Evaluate(PublishCause.Reconnect, now, authoritative: false);
    }

    /// <summary>A device stayed silent beyond its TTL: it decays to offline, published at once.</summary>
    public MachineStep DecayDevice(string deviceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return Sources.DecayDevice(deviceId)
            ? Evaluate(PublishCause.Decay, now, authoritative: true)
            : new MachineStep(null, _holdUntil);
    }

    /// <summary>The agent's channel stayed lost beyond its TTL: every source decays to offline, published at once.</summary>
    public MachineStep DecayAll(DateTimeOffset now) =>
        Sources.DecayAll()
            ? Evaluate(PublishCause.Decay, now, authoritative: true)
            : new MachineStep(null, _holdUntil);

    /// <summary>Time passes: a held lowering whose window has ended is published if nothing raised it meanwhile.</summary>
    public MachineStep Tick(DateTimeOffset now)
    {
        if (_holdUntil is not { } deadline || now < deadline)
        {
            return new MachineStep(null, _holdUntil);
        }

        _holdUntil = null;
        var level = Sources.Composite;
        var routable = IsRoutable(level);
        return IsShown(level, routable)
            ? new MachineStep(null, null)
            : new MachineStep(Publish(level, routable, _heldCause, now), null);
    }

    /// <summary>Restores a machine from persisted state (the published view and the cache).</summary>
    public void Restore(AgentView published, ChannelFreshness freshness)
    {
        Published = published ?? throw new ArgumentNullException(nameof(published));
        Freshness = freshness;
        _holdUntil = null;
        _newestSinceLastPublication = null;
    }

    private void Absorb(PresenceDelta delta)
    {
        switch (Sources.Apply(delta))
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
    private MachineStep Evaluate(PublishCause cause, DateTimeOffset now, bool authoritative)
    {
        var level = Sources.Composite;
        var routable = IsRoutable(level);
        if (IsShown(level, routable))
        {
            if (_holdUntil is not null)
            {
                // The cache came back to what is shown before the window ended: the inversion was caught.
                _holdUntil = null;
                Anomalies.CountInversionHeld();
            }

            return new MachineStep(null, null);
        }

        if (authoritative)
        {
            _holdUntil = null;
            return new MachineStep(Publish(level, routable, cause, now), null);
        }

        var becomesRoutable = routable && !Published.Routable;
        if (level < Published.Level || (level == Published.Level && becomesRoutable))
        {
            return Hold(cause, now);
        }

        if (level > Published.Level && becomesRoutable)
        {
            // A raise that also makes the agent routable (Offline to Available, as at sign-in): the level is shown at
            // once, routability waits for the window like any other permissive change, so a busy device whose delta
            // is still on its way cannot be routed to meanwhile.
            var shown = Publish(level, routable: false, cause, now);
            return Hold(cause, now) with { Published = shown };
        }

        if (_holdUntil is not null)
        {
            Anomalies.CountInversionHeld();
            _holdUntil = null;
        }

        return new MachineStep(Publish(level, routable, cause, now), null);
    }

    private MachineStep Hold(PublishCause cause, DateTimeOffset now)
    {
        if (_holdUntil is null)
        {
            // The first permissive change starts the window; later ones inside it do not extend it, so lowering latency
            // stays bounded by one window whatever the platform sends.
            _holdUntil = now + _holdWindow;
            _heldCause = cause;
        }

        return new MachineStep(null, _holdUntil);
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

        var since = level == Published.Level ? Published.Since : _newestSinceLastPublication ?? now;
        return new AgentView(level, routable, Freshness, devices, since, Sources.NewestLastUpdated, cause, Published.Sequence + 1);
    }

    private AgentView Publish(PresenceLevel level, bool routable, PublishCause cause, DateTimeOffset now)
    {
        Published = BuildView(level, routable, cause, now);
        _newestSinceLastPublication = null;
        return Published;
    }
}
