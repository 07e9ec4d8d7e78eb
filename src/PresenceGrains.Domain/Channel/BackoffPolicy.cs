namespace PresenceGrains.Domain.Channel;

/// <summary>
/// Reconnect delays (seed §3, design §4): 1 s doubling to 30 s, ±10 % jitter, and never sooner than the platform's
/// <c>Retry-After</c>. Jitter spreads a fleet's reconnects so they do not arrive as one wave.
/// </summary>
public sealed class BackoffPolicy
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromSeconds(30);
    public const double DefaultJitter = 0.1;

    private readonly Func<double> _unitRandom;

    /// <param name="unitRandom">A source of uniform values in [0, 1); injectable so tests are exact.</param>
    public BackoffPolicy(Func<double>? unitRandom = null, TimeSpan? initial = null, TimeSpan? maximum = null, double jitter = DefaultJitter)
    {
        _unitRandom = unitRandom ?? Random.Shared.NextDouble;
        Initial = initial ?? DefaultInitial;
        Maximum = maximum ?? DefaultMaximum;
        Jitter = jitter;
        if (Initial <= TimeSpan.Zero || Maximum < Initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "The initial delay must be positive and not above the maximum.");
        }

        if (jitter is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter is a fraction in [0, 1).");
        }
    }

    public TimeSpan Initial { get; }

    public TimeSpan Maximum { get; }

    public double Jitter { get; }

    /// <summary>The delay before it jitters: <c>min(initial·2^attempt, maximum)</c>, attempt counted from 0.</summary>
    public TimeSpan BaseDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);

        // Past 2^30 the doubling only matters as "at the maximum"; capping the exponent avoids overflow.
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = Math.Min(Initial.Ticks * factor, Maximum.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0 for the first retry).</summary>
    public TimeSpan NextDelay(int attempt, TimeSpan? retryAfter = null)
    {
        var baseDelay = BaseDelay(attempt);
        var offset = (_unitRandom() * 2 - 1) * Jitter;
        var jittered = TimeSpan.FromTicks((long)(baseDelay.Ticks * (1 + offset)));
        return retryAfter is { } platformWait && platformWait > jittered ? platformWait : jittered;
    }
}
