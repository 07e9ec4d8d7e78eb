namespace PresenceGrains.Emulator.Channel;

/// <summary>WebSocket upgrades per tenant in a fixed window (seed §3: "a maximum WebSocket connection rate per tenant").</summary>
internal sealed class ConnectionRateLimiter(ConnectionRateLimitOptions options, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset Start, int Used)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Takes a permit; when none is left, says how long until the window resets.</summary>
    public bool TryAcquire(string tenantId, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var (start, used) = _windows.GetValueOrDefault(tenantId, (now, 0));
            if (now - start >= options.Window)
            {
                (start, used) = (now, 0);
            }

            if (used >= options.PermitLimit)
            {
                retryAfter = start + options.Window - now;
                return false;
            }

            _windows[tenantId] = (start, used + 1);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
