namespace PresenceGrains.Domain.Channel;

/// <summary>
/// Tracks the channel's liveness from the last heartbeat or message (design §3): Fresh while traffic arrives,
/// Stale after the threshold without any, Reconnecting while the channel is being re-established.
/// </summary>
public sealed class FreshnessTracker
{
    /// <summary>The seed's stale threshold.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private bool _connected;

    public FreshnessTracker(TimeProvider time, TimeSpan? staleAfter = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        StaleAfter = staleAfter ?? DefaultStaleAfter;
        if (StaleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "The stale threshold must be positive.");
        }
    }

    public TimeSpan StaleAfter { get; }

    /// <summary>When the last heartbeat or message arrived; null before the first.</summary>
    public DateTimeOffset? LastTraffic { get; private set; }

    /// <summary>When the last heartbeat arrived; null before the first.</summary>
    public DateTimeOffset? LastHeartbeat { get; private set; }

    /// <summary>The channel is open and subscribed: traffic is expected from now on.</summary>
    public void Connected()
    {
        _connected = true;
        LastTraffic = _time.GetUtcNow();
    }

    /// <summary>The channel is lost; until <see cref="Connected"/> the state is Reconnecting.</summary>
    public void Disconnected() => _connected = false;

    /// <summary>Any message arrived.</summary>
    public void MessageReceived() => LastTraffic = _time.GetUtcNow();

    /// <summary>A heartbeat arrived.</summary>
    public void HeartbeatReceived()
    {
        LastHeartbeat = _time.GetUtcNow();
        LastTraffic = LastHeartbeat;
    }

    /// <summary>The freshness at this instant.</summary>
    public ChannelFreshness Current
    {
        get
        {
            if (!_connected || LastTraffic is not { } last)
            {
                return ChannelFreshness.Reconnecting;
            }

            return _time.GetUtcNow() - last >= StaleAfter ? ChannelFreshness.Stale : ChannelFreshness.Fresh;
        }
    }

    /// <summary>When the channel turns Stale if nothing arrives before then; null when not connected.</summary>
    public DateTimeOffset? StaleAt => _connected && LastTraffic is { } last ? last + StaleAfter : null;
}
