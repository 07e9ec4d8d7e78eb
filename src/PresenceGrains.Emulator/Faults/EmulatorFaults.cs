namespace PresenceGrains.Emulator;

/// <summary>
/// The fault switches, the same ones <c>/emulator/faults/{name}</c> flips. Setting a property to null (or false)
/// switches that fault off; setting it again re-arms it (its count starts over). Settings out of range throw
/// <see cref="ArgumentException"/>. One-shot faults (drop the sockets, expire or revoke tokens now) are operations on
/// <see cref="EmulatorServer"/>.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly TimeProvider _time;
    private volatile Armed<ReorderFault>? _reorder;
    private volatile Armed<DuplicateFault>? _duplicate;
    private volatile Armed<DelayFault>? _delay;
    private volatile Armed<StopHeartbeatsFault>? _stopHeartbeats;
    private volatile Armed<RefuseReconnectsFault>? _refuseReconnects;
    private volatile Armed<MalformedFramesFault>? _malformed;
    private volatile Armed<OversizedFramesFault>? _oversized;
    private volatile Armed<ChangesWhileDisconnectedFault>? _changesWhileDisconnected;
    private volatile Armed<ExpireTokensFault>? _tokenLifetime;
    private volatile Armed<UndeclaredPropertiesFault>? _undeclared;
    private volatile Armed<LoseDeltasFault>? _loseDeltas;
    private volatile Armed<RateLimitFault>? _rateLimit;

    internal EmulatorFaults(FaultOptions initial, TimeProvider time)
    {
        _time = time;
        Reorder = initial.Reorder;
        Duplicate = initial.Duplicate;
        Delay = initial.Delay;
        StopHeartbeats = initial.StopHeartbeats;
        RefuseReconnects = initial.RefuseReconnects;
        MalformedFrames = initial.MalformedFrames;
        OversizedFrames = initial.OversizedFrames;
        ChangesWhileDisconnected = initial.ChangesWhileDisconnected;
        TokenLifetimeSeconds = initial.TokenLifetimeSeconds;
        UndeclaredProperties = initial.UndeclaredProperties;
        LoseDeltas = initial.LoseDeltas;
    }

    public ReorderFault? Reorder
    {
        get => _reorder?.Settings;
        set => _reorder = Arm(value, FaultValidation.Problems, null);
    }

    public DuplicateFault? Duplicate
    {
        get => _duplicate?.Settings;
        set => _duplicate = Arm(value, FaultValidation.Problems, null);
    }

    public DelayFault? Delay
    {
        get => _delay?.Settings;
        set => _delay = Arm(value, FaultValidation.Problems, null);
    }

    /// <summary>Half-open channel: sockets stay open, no heartbeats and no deltas reach them.</summary>
    public bool StopHeartbeats
    {
        get => _stopHeartbeats is not null;
        set => _stopHeartbeats = value ? new Armed<StopHeartbeatsFault>(new StopHeartbeatsFault(), _time.GetUtcNow(), null) : null;
    }

    public RefuseReconnectsFault? RefuseReconnects
    {
        get => _refuseReconnects?.Settings;
        set => _refuseReconnects = Arm(value, FaultValidation.Problems, value?.Count);
    }

    public MalformedFramesFault? MalformedFrames
    {
        get => _malformed?.Settings;
        set => _malformed = Arm(value, FaultValidation.Problems, value?.Count);
    }

    public OversizedFramesFault? OversizedFrames
    {
        get => _oversized?.Settings;
        set => _oversized = Arm(value, FaultValidation.Problems, value?.Count);
    }

    public ChangesWhileDisconnectedFault? ChangesWhileDisconnected
    {
        get => _changesWhileDisconnected?.Settings;
        set => _changesWhileDisconnected = Arm(value, FaultValidation.Problems, null);
    }

    public UndeclaredPropertiesFault? UndeclaredProperties
    {
        get => _undeclared?.Settings;
        set => _undeclared = Arm(value, FaultValidation.Problems, null);
    }

    /// <summary>Silent delta loss: emitted deltas that no socket receives, while heartbeats continue.</summary>
    public LoseDeltasFault? LoseDeltas
    {
        get => _loseDeltas?.Settings;
        set => _loseDeltas = Arm(value, FaultValidation.Problems, value?.Count);
    }

    /// <summary>Genesys: the next API calls answer 429 (the fault switches itself off once its count is spent).</summary>
    public RateLimitFault? RateLimit
    {
        get => _rateLimit?.Settings;
        set => _rateLimit = Arm(value, FaultValidation.Problems, value?.Count);
    }

    /// <summary>While set, tokens are issued with this lifetime instead of the configured one.</summary>
    public int? TokenLifetimeSeconds
    {
        get => _tokenLifetime?.Settings.LifetimeSeconds;
        set => _tokenLifetime = Arm(value is null ? null : new ExpireTokensFault(value), FaultValidation.Problems, null);
    }

    /// <summary>Every fault that is on, for <c>GET /emulator/faults</c>.</summary>
    public IReadOnlyList<ActiveFault> Active()
    {
        var active = new List<ActiveFault>();
        void Add<T>(string name, Armed<T>? armed)
            where T : class
        {
            if (armed is not null)
            {
                active.Add(new ActiveFault(name, armed.Settings, armed.Since, armed.Budget is { } b ? Math.Max(0, b.Remaining) : null));
            }
        }

        Add(FaultNames.Reorder, _reorder);
        Add(FaultNames.Duplicate, _duplicate);
        Add(FaultNames.Delay, _delay);
        Add(FaultNames.StopHeartbeats, _stopHeartbeats);
        Add(FaultNames.RefuseReconnects, _refuseReconnects);
        Add(FaultNames.MalformedFrames, _malformed);
        Add(FaultNames.OversizedFrames, _oversized);
        Add(FaultNames.ChangesWhileDisconnected, _changesWhileDisconnected);
        Add(FaultNames.ExpireTokens, _tokenLifetime);
        Add(FaultNames.UndeclaredProperties, _undeclared);
        Add(FaultNames.LoseDeltas, _loseDeltas);
        Add(FaultNames.RateLimit, _rateLimit);
        return active;
    }

    internal TimeSpan? TokenLifetime => _tokenLifetime?.Settings.LifetimeSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>Whether this upgrade attempt is refused; a spent count or an elapsed duration switches the fault off.</summary>
    internal bool TryRefuse(DateTimeOffset now, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        var armed = _refuseReconnects;
        if (armed is null)
        {
            return false;
        }

        var expired = armed.Settings.DurationSeconds is { } d && now >= armed.Since.AddSeconds(d);
        if (expired || (armed.Budget is { } budget && !budget.TryTake()))
        {
            Interlocked.CompareExchange(ref _refuseReconnects, null, armed);
            return false;
        }

        retryAfterSeconds = armed.Settings.RetryAfterSeconds;
        return true;
    }

    /// <summary>Whether this API call is refused by the <c>rate-limit</c> fault; a spent count switches it off.</summary>
    internal bool TryRateLimit(out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        var armed = _rateLimit;
        if (armed is null)
        {
            return false;
        }

        if (armed.Budget is { } budget && !budget.TryTake())
        {
            Interlocked.CompareExchange(ref _rateLimit, null, armed);
            return false;
        }

        retryAfterSeconds = armed.Settings.RetryAfterSeconds;
        return true;
    }

    /// <summary>Whether a malformed frame goes out before this delta.</summary>
    internal bool FiresMalformed(Random random, out MalformedKind kind)
    {
        var armed = _malformed;
        kind = armed?.Settings.Kind ?? MalformedKind.Truncated;
        return Fires(armed, armed?.Settings.Probability ?? 0, random);
    }

    /// <summary>Whether an oversized frame goes out before this delta.</summary>
    internal bool FiresOversized(Random random, out int sizeBytes)
    {
        var armed = _oversized;
        sizeBytes = armed?.Settings.SizeBytes ?? 0;
        return Fires(armed, armed?.Settings.Probability ?? 0, random);
    }

    /// <summary>Whether this frame gains the undeclared property.</summary>
    internal bool FiresUndeclared(Random random, out UndeclaredPropertiesFault settings)
    {
        var armed = _undeclared;
        settings = armed?.Settings ?? new UndeclaredPropertiesFault();
        return Fires(armed, armed?.Settings.Probability ?? 0, random);
    }

    /// <summary>Whether this delta is silently lost.</summary>
    internal bool FiresLoseDelta(Random random)
    {
        var armed = _loseDeltas;
        return Fires(armed, armed?.Settings.Probability ?? 0, random);
    }

    private static bool Fires<T>(Armed<T>? armed, double probability, Random random)
        where T : class =>
        armed is not null && (armed.Budget is { } budget ? budget.TryTake() : random.NextDouble() < probability);

    private Armed<T>? Arm<T>(T? settings, Func<T, IEnumerable<string>> problems, int? count)
        where T : class
    {
        if (settings is null)
        {
            return null;
        }

        var found = problems(settings).ToList();
        if (found.Count > 0)
        {
            throw new ArgumentException($"{typeof(T).Name}: {string.Join(" ", found)}", nameof(settings));
        }

        return new Armed<T>(settings, _time.GetUtcNow(), count is { } c ? new FaultBudget(c) : null);
    }

    private sealed record Armed<T>(T Settings, DateTimeOffset Since, FaultBudget? Budget)
        where T : class;
}
