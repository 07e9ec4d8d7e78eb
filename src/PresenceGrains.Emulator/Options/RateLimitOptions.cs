namespace PresenceGrains.Emulator;

/// <summary>WebSocket upgrades allowed per tenant in a fixed window; beyond it the platform answers 429 + Retry-After.</summary>
public sealed class ConnectionRateLimitOptions
{
    public int PermitLimit { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>REST calls per OAuth client: a token bucket refilled at <see cref="RatePerSecond"/> holding at most <see cref="Burst"/>.</summary>
public sealed class RestRateLimitOptions
{
    public double RatePerSecond { get; set; } = 100;

    public int Burst { get; set; } = 200;
}
