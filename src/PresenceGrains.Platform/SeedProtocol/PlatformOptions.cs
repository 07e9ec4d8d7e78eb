using PresenceGrains.Domain.Channel;

namespace PresenceGrains.Platform.SeedProtocol;

/// <summary>
/// How to reach one tenant of a seed-protocol platform, and the limits the client keeps. Validated by
/// <see cref="PlatformOptionsValidator"/> at start-up and when a client is built.
/// </summary>
public sealed class PlatformOptions
{
    /// <summary>The platform's base address (http or https); the channel uses the matching ws or wss scheme.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The tenant this client serves; it names the client in logs and status, never a credential.</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The OAuth client id (client-credentials grant).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>
    /// The OAuth client secret when it comes from configuration. Leave empty when an <see cref="Auth.IClientSecretSource"/>
    /// (a secret store such as Key Vault) supplies it.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>No heartbeat or message for this long and the channel is Stale, then dropped and re-opened (seed §3).</summary>
    public TimeSpan StaleThreshold { get; set; } = FreshnessTracker.DefaultStaleAfter;

    /// <summary>The largest channel frame accepted; a larger one is read to its end, discarded and counted.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>How many events wait between the socket reader and the consumer.</summary>
    public int EventBufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long the socket reader waits for room in a full buffer before it sheds deltas (and asks for snapshots of their
    /// agents instead). Must stay well under <see cref="StaleThreshold"/>: a reader that waits stops answering pings.
    /// </summary>
    public TimeSpan BackPressureTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Past this many distinct shed agents, the client asks for a snapshot of every watched agent instead.</summary>
    public int MaxShedAgentIds { get; set; } = 50_000;

    /// <summary>The first reconnect delay (doubled per failed attempt).</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = BackoffPolicy.DefaultInitial;

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximumDelay { get; set; } = BackoffPolicy.DefaultMaximum;

    /// <summary>The reconnect jitter, a fraction of the delay either way.</summary>
    public double ReconnectJitter { get; set; } = BackoffPolicy.DefaultJitter;

    /// <summary>How long the WebSocket upgrade may take.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long before expiry a token is replaced (seed edge case 3); short-lived tokens refresh at half-life.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TokenRefreshPolicy.DefaultMargin;

    /// <summary>
    /// False (the seed protocol): an open socket lives on the token of its handshake and is closed when that token
    /// expires, so when the token is due for refresh a new socket is opened with the new one and the old one closed
    /// after it (make before break). True for a platform that keeps a socket valid after its token is refreshed: the
    /// socket is kept and only REST calls and reconnects take the new token.
    /// </summary>
    public bool SocketOutlivesToken { get; set; }

    /// <summary>REST requests per second the client allows itself (snapshots and corrections); it slows down on 429.</summary>
    public double RestRequestsPerSecond { get; set; } = 10;

    /// <summary>Ids per bulk snapshot request (the platform allows at most 50).</summary>
    public int SnapshotBatchSize { get; set; } = 50;

    /// <summary>Bulk snapshot requests in flight at once (their starts are still paced).</summary>
    public int SnapshotConcurrency { get; set; } = 4;

    /// <summary>Tries per REST request before the failure reaches the caller.</summary>
    public int MaxRestAttempts { get; set; } = 8;

    /// <summary>The longest <c>Retry-After</c> a REST request waits for; a longer one fails the request at once.</summary>
    public TimeSpan MaxRestRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one REST request may take.</summary>
    public TimeSpan RestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest REST answer accepted (a bulk snapshot of 50 users is far below).</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How often every watched agent is re-read from REST in the background (anti-entropy), to repair drift no other
    /// rule sees: a platform that silently drops a delta while its heartbeats keep coming. Zero: never.
    /// A minute, because a dropped delta stays wrong until the pass reaches its agent, and a tenant large enough for a
    /// minute to be expensive (over 3,000 agents at the defaults) is held to <see cref="AntiEntropyRestShare"/> anyway.
    /// </summary>
    public TimeSpan AntiEntropyPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The share of <see cref="RestRequestsPerSecond"/> the background re-read may use (one bulk request per
    /// <see cref="SnapshotBatchSize"/> agents). When the period cannot be kept within it, a pass takes longer.
    /// </summary>
    public double AntiEntropyRestShare { get; set; } = 0.1;

    /// <summary>How many closed disconnection windows <see cref="ChannelStatus.RecentDisconnections"/> keeps.</summary>
    public int RecentDisconnectionsCapacity { get; set; } = 20;
}
