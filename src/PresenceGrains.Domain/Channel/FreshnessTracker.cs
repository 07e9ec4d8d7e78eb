namespace PresenceGrains.Domain.Channel;

/// <summary>
/// Tracks the channel's liveness from the last heartbeat or message (design §3): Fresh while traffic arrives,
/// Stale after the threshold without any, Reconnecting while the channel is being re-established.
/// </summary>
/// <remarks>
/// It also learns how often the platform sends heartbeats (the median of the last gaps between two of them on one
/// connection). Once it knows, a silence of <see cref="MissedHeartbeatFactor"/> intervals (a heartbeat missed) makes
/// the channel <see cref="IsSilent"/> well before the stale threshold: a half-open socket delivers nothing and says
/// nothing, and every moment it goes unnoticed an agent may show Available while engaged.
/// </remarks>
public sealed class FreshnessTracker
{
    /// <summary>The seed's stale threshold.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silence this many heartbeat intervals long means a heartbeat went missing, with a whole interval to spare: at
    /// 1.5 a saturated 2-core machine seeding 100,000 agents went Stale over and over (docs/benchmarks/findings.md).
    /// </summary>
    public const double MissedHeartbeatFactor = 2;

    /// <summary>
    /// Stamps further apart than this many intervals mean the platform did not send (or the socket lost) a heartbeat;
    /// the platform's own clock is free of this process's reading delays, so the bound can be tighter than
    /// <see cref="MissedHeartbeatFactor"/>, and one heartbeat gone makes a gap of two.
    /// </summary>
    public const double StampGapFactor = 1.5;

    /// <summary>Gaps between heartbeats remembered for the interval; the median of a few rides out a late one.</summary>
    private const int GapsKept = 8;

    /// <summary>Gaps needed before the interval is trusted.</summary>
    private const int GapsNeeded = 3;

    private readonly TimeProvider _time;
    private readonly Queue<TimeSpan> _gaps = new();
    private DateTimeOffset? _lastHeartbeatThisConnection;
    private DateTimeOffset? _lastPlatformStampThisConnection;
    private DateTimeOffset? _listeningSince;
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

    /// <summary>The platform's heartbeat interval as learned from this channel; null until a few heartbeats came.</summary>
    public TimeSpan? HeartbeatInterval
    {
        get
        {
            if (_gaps.Count < GapsNeeded)
            {
                return null;
            }

            var sorted = _gaps.Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }

    /// <summary>The channel went silent for longer than a heartbeat interval allows and nothing has arrived since.</summary>
    public bool IsSilent { get; private set; }

    /// <summary>The channel is open and subscribed: traffic is expected from now on.</summary>
    public void Connected()
    {
        _connected = true;
        IsSilent = false;
        _lastHeartbeatThisConnection = null;
        _lastPlatformStampThisConnection = null;
        LastTraffic = _time.GetUtcNow();
    }

    /// <summary>The channel is lost; until <see cref="Connected"/> the state is Reconnecting.</summary>
    public void Disconnected()
    {
        _connected = false;
        IsSilent = false;
    }

    /// <summary>Any message arrived. Returns the silence it ended when the channel was silent, else null.</summary>
    public SilenceEnded? MessageReceived() => TrafficArrived(heartbeat: false, null);

    /// <summary>A heartbeat arrived. Returns the silence it ended when the channel was silent, else null.</summary>
    /// <param name="platformTime">When the platform sent it: gaps between these are the interval even when a loaded
    /// socket delivers heartbeats in bunches (arrival gaps then alternate short and long).</param>
    public SilenceEnded? HeartbeatReceived(DateTimeOffset? platformTime = null) => TrafficArrived(heartbeat: true, platformTime);

    /// <summary>
    /// The reader is back at the socket, waiting for the next frame. Only that wait counts as silence: while the reader
    /// is busy (the consumer applying back-pressure, say) frames queue up unread, and their absence says nothing.
    /// </summary>
    public void Listening() => _listeningSince = _time.GetUtcNow();

    /// <summary>When a silence from now on would mean a missed heartbeat; null when unknown or not before <see cref="StaleAt"/>.</summary>
    public DateTimeOffset? SilentAt
    {
        get
        {
            if (!_connected || IsSilent || LastTraffic is not { } last || HeartbeatInterval is not { } interval)
            {
                return null;
            }

            var from = _listeningSince is { } listening && listening > last ? listening : last;
            var at = from + (interval * MissedHeartbeatFactor);
            return at < last + StaleAfter ? at : null;
        }
    }

    /// <summary>Marks the channel silent if a heartbeat is overdue now; true when that changed it.</summary>
    public bool TryMarkSilent()
    {
        if (SilentAt is not { } at || _time.GetUtcNow() < at)
        {
            return false;
        }

        IsSilent = true;
        return true;
    }

    private SilenceEnded? TrafficArrived(bool heartbeat, DateTimeOffset? platformTime)
    {
        var now = _time.GetUtcNow();
        var silence = IsSilent && LastTraffic is { } last ? now - last : (TimeSpan?)null;
        var ended = silence is { } quiet ? new SilenceEnded(quiet, !heartbeat || !KeptRhythm(platformTime)) : (SilenceEnded?)null;
        IsSilent = false;
        LastTraffic = now;
        if (heartbeat)
        {
            // A gap that spans a silence is a fault, not the platform's rhythm.
            if (_lastHeartbeatThisConnection is { } previous && silence is null)
            {
                _gaps.Enqueue(platformTime is { } stamp && _lastPlatformStampThisConnection is { } previousStamp && stamp > previousStamp
                    ? stamp - previousStamp
                    : now - previous);
                if (_gaps.Count > GapsKept)
                {
                    _gaps.Dequeue();
                }
            }

            _lastHeartbeatThisConnection = now;
            _lastPlatformStampThisConnection = platformTime;
            LastHeartbeat = now;
        }

        return ended;
    }

    private bool KeptRhythm(DateTimeOffset? platformTime) =>
        platformTime is { } stamp && _lastPlatformStampThisConnection is { } previous && HeartbeatInterval is { } interval &&
        stamp > previous && stamp - previous <= interval * StampGapFactor;

    /// <summary>The freshness at this instant.</summary>
    public ChannelFreshness Current
    {
        get
        {
            if (!_connected || LastTraffic is not { } last)
            {
                return ChannelFreshness.Reconnecting;
            }

            return IsSilent || _time.GetUtcNow() - last >= StaleAfter ? ChannelFreshness.Stale : ChannelFreshness.Fresh;
        }
    }

    /// <summary>When the channel turns Stale if nothing arrives before then; null when not connected.</summary>
    public DateTimeOffset? StaleAt => _connected && LastTraffic is { } last ? last + StaleAfter : null;
}
