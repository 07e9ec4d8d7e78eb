using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// How to reach one Genesys Cloud organisation, and the limits the adapter keeps. Either <see cref="Region"/> (the
/// login and API hosts follow from it) or both <see cref="LoginBaseUrl"/> and <see cref="ApiBaseUrl"/> (an emulator,
/// a proxy). Everything the seed client shares (client id and secret, token margin, backoff, REST pacing and retries,
/// buffers, stale threshold) is in <see cref="Common"/>, bound from the same configuration section.
/// </summary>
public sealed class GenesysCloudOptions
{
    /// <summary>The organisation's region, e.g. <c>mypurecloud.com</c>, <c>mypurecloud.ie</c>, <c>usw2.pure.cloud</c>.</summary>
    public string? Region { get; set; }

    /// <summary>The login host's base (the token is at <c>oauth/token</c> under it), instead of a region.</summary>
    public Uri? LoginBaseUrl { get; set; }

    /// <summary>The API host's base (<c>api/v2/…</c> under it), instead of a region.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>
    /// How often the client pings each socket. The platform's own heartbeat comes about every 30 s, far beyond the stale
    /// threshold, so the pong is what shows the socket alive in between.
    /// </summary>
    public TimeSpan PingPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Topics per channel; Genesys refuses more than 1,000 with a 400.</summary>
    public int MaxTopicsPerChannel { get; set; } = 1000;

    /// <summary>Channels per OAuth client; Genesys keeps 20 and a 21st removes the oldest, so more is refused up front.</summary>
    public int MaxChannels { get; set; } = 20;

    /// <summary>How long before a channel's expiry its replacement is opened (make before break).</summary>
    public TimeSpan ChannelRollOverMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Users per bulk users request (<c>GET /api/v2/users?id=…</c>).</summary>
    public int UsersPerRequest { get; set; } = 100;

    /// <summary>The options shared with the seed client; its <c>BaseUrl</c> is set to the API base.</summary>
    public PlatformOptions Common { get; set; } = new() { SocketOutlivesToken = true };

    /// <summary>The login base: explicit, or <c>https://login.{Region}/</c>.</summary>
    public Uri? ResolvedLoginBase => LoginBaseUrl ?? (string.IsNullOrWhiteSpace(Region) ? null : new Uri($"https://login.{Region.Trim()}/"));

    /// <summary>The API base: explicit, or <c>https://api.{Region}/</c>.</summary>
    public Uri? ResolvedApiBase => ApiBaseUrl ?? (string.IsNullOrWhiteSpace(Region) ? null : new Uri($"https://api.{Region.Trim()}/"));
}
