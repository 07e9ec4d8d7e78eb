namespace PresenceGrains.Platform.Rest;

/// <summary>
/// Spaces the starts of REST requests so the client stays under the platform's rate limit, and adapts: a 429 pauses
/// every caller until its <c>Retry-After</c> and doubles the spacing; each success afterwards eases it back by 10 %
/// towards the configured rate.
/// </summary>
internal sealed class RestPacer
{
    /// <summary>The slowest pace the client falls back to, however often it is throttled.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly TimeSpan _baseInterval;
    private readonly Lock _gate = new();
    private TimeSpan _interval;
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    public RestPacer(TimeProvider time, double requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        _time = time;
        _baseInterval = TimeSpan.FromSeconds(1 / requestsPerSecond);
        _interval = _baseInterval;
    }

    /// <summary>The spacing in force now.</summary>
    public TimeSpan Interval
    {
        get
        {
            lock (_gate)
            {
                return _interval;
            }
        }
    }

    /// <summary>Waits for this caller's turn; each turn is one request start.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var start = _nextStart > now ? _nextStart : now;
            _nextStart = start + _interval;
            wait = start - now;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>The platform answered 429: nobody starts a request before <paramref name="retryAfter"/> has passed.</summary>
    public void Throttled(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var ceiling = _baseInterval > MaximumInterval ? _baseInterval : MaximumInterval;
            _interval = _interval * 2 < ceiling ? _interval * 2 : ceiling;
            var resume = _time.GetUtcNow() + retryAfter;
            if (resume > _nextStart)
            {
                _nextStart = resume;
            }
        }
    }

    /// <summary>The platform said its budget is spent until <paramref name="reset"/> from now: nobody starts a request before.</summary>
    public void Pause(TimeSpan reset)
    {
        lock (_gate)
        {
            var resume = _time.GetUtcNow() + reset;
            if (resume > _nextStart)
            {
                _nextStart = resume;
            }
        }
    }

    /// <summary>A request succeeded: ease the spacing back towards the configured rate.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            var eased = _interval * 0.9;
            _interval = eased > _baseInterval ? eased : _baseInterval;
        }
    }
}
