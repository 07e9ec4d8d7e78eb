namespace PresenceGrains.Emulator.Rest;

/// <summary>REST calls per OAuth client: a token bucket refilled continuously, read through <see cref="TimeProvider"/>.</summary>
internal sealed class RestRateLimiter(RestRateLimitOptions options, TimeProvider time)
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Takes one token; when the bucket is empty, says how long until the next one.</summary>
    public bool TryAcquire(string clientId, out TimeSpan retryAfter) => TryAcquire(clientId, out retryAfter, out _);

    /// <summary>Takes one token, and says how many whole tokens are left in the bucket (of <see cref="RestRateLimitOptions.Burst"/>).</summary>
    public bool TryAcquire(string clientId, out TimeSpan retryAfter, out int remaining)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var (tokens, at) = _buckets.GetValueOrDefault(clientId, (options.Burst, now));
            tokens = Math.Min(options.Burst, tokens + (time.GetElapsedTime(at, now).TotalSeconds * options.RatePerSecond));
            if (tokens < 1)
            {
                _buckets[clientId] = (tokens, now);
                retryAfter = TimeSpan.FromSeconds((1 - tokens) / options.RatePerSecond);
                remaining = 0;
                return false;
            }

            _buckets[clientId] = (tokens - 1, now);
            retryAfter = TimeSpan.Zero;
            remaining = (int)Math.Floor(tokens - 1);
            return true;
        }
    }
}
