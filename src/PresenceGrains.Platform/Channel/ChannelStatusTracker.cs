using PresenceGrains.Domain.Channel;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// The live state behind <see cref="ChannelStatus"/>: written by the channel's reader, read by the API at any time.
/// Counters are lock-free; the rest sits behind one lock, together with the Domain's <see cref="FreshnessTracker"/>.
/// </summary>
internal sealed class ChannelStatusTracker
{
    private readonly Lock _gate = new();
    private readonly FreshnessTracker _freshness;
    private readonly TimeProvider _time;
    private readonly Queue<DisconnectionRecord> _recent = new();
    private readonly int _recentCapacity;
    private ChannelState _state = ChannelState.Idle;
    private DateTimeOffset? _connectedSince;
    private DateTimeOffset? _nextReconnectAt;
    private int _reconnectAttempts;
    private long _reconnects;
    private long _deltas;
    private long _heartbeats;
    private long _malformed;
    private long _schemaInvalid;
    private long _oversized;
    private long _shed;
    private long _errorFrames;

    public ChannelStatusTracker(TimeProvider time, TimeSpan staleThreshold, int recentCapacity)
    {
        _time = time;
        _freshness = new FreshnessTracker(time, staleThreshold);
        _recentCapacity = recentCapacity;
    }

    public ChannelState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>How often the channel was subscribed again after a loss (each time, every agent was re-read).</summary>
    public long Reconnects
    {
        get
        {
            lock (_gate)
            {
                return _reconnects;
            }
        }
    }

    /// <summary>When the channel turns Stale if nothing arrives first; null when no socket is open.</summary>
    public DateTimeOffset? StaleAt
    {
        get
        {
            lock (_gate)
            {
                return _freshness.StaleAt;
            }
        }
    }

    /// <summary>When the last frame of any kind arrived.</summary>
    public DateTimeOffset? LastTraffic
    {
        get
        {
            lock (_gate)
            {
                return _freshness.LastTraffic;
            }
        }
    }

    /// <summary>Sets the state; true when it changed.</summary>
    public bool TrySetState(ChannelState state)
    {
        lock (_gate)
        {
            if (_state == state)
            {
                return false;
            }

            _state = state;
            if (state != ChannelState.Connected)
            {
                _connectedSince = state == ChannelState.Stale ? _connectedSince : null;
            }

            return true;
        }
    }

    /// <summary>A socket is open: traffic is expected from now on.</summary>
    public void SocketOpened()
    {
        lock (_gate)
        {
            _freshness.Connected();
            _nextReconnectAt = null;
        }
    }

    /// <summary>The socket is gone.</summary>
    public void SocketClosed()
    {
        lock (_gate)
        {
            _freshness.Disconnected();
        }
    }

    /// <summary>The platform acknowledged the subscription.</summary>
    public void Subscribed(bool afterLoss)
    {
        lock (_gate)
        {
            _connectedSince = _time.GetUtcNow();
            _reconnectAttempts = 0;
            if (afterLoss)
            {
                _reconnects++;
            }
        }
    }

    /// <summary>A frame arrived; returns the silence it ended when the channel had gone silent, else null.</summary>
    /// <param name="heartbeatSentAt">For a heartbeat, the platform's stamp on it; null for any other frame.</param>
    public SilenceEnded? FrameReceived(bool heartbeat, DateTimeOffset? heartbeatSentAt = null)
    {
        lock (_gate)
        {
            return heartbeat ? _freshness.HeartbeatReceived(heartbeatSentAt) : _freshness.MessageReceived();
        }
    }

    /// <summary>The reader waits at the socket for the next frame (only that wait counts as silence).</summary>
    public void Listening()
    {
        lock (_gate)
        {
            _freshness.Listening();
        }
    }

    /// <summary>When a silence from now on would mean a missed heartbeat; null when the interval is not known yet.</summary>
    public DateTimeOffset? SilentAt
    {
        get
        {
            lock (_gate)
            {
                return _freshness.SilentAt;
            }
        }
    }

    /// <summary>The platform's heartbeat interval as learned on this channel; null until a few came.</summary>
    public TimeSpan? HeartbeatInterval
    {
        get
        {
            lock (_gate)
            {
                return _freshness.HeartbeatInterval;
            }
        }
    }

    /// <summary>Marks the channel silent if a heartbeat is overdue now; true when that changed it.</summary>
    public bool TryMarkSilent()
    {
        lock (_gate)
        {
            return _freshness.TryMarkSilent();
        }
    }

    public void ReconnectScheduled(DateTimeOffset at)
    {
        lock (_gate)
        {
            _nextReconnectAt = at;
            _reconnectAttempts++;
        }
    }

    public void DisconnectionClosed(DisconnectionRecord record)
    {
        lock (_gate)
        {
            _recent.Enqueue(record);
            while (_recent.Count > _recentCapacity)
            {
                _recent.Dequeue();
            }
        }
    }

    public void CountDelta() => Interlocked.Increment(ref _deltas);

    public void CountHeartbeat() => Interlocked.Increment(ref _heartbeats);

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void CountSchemaInvalid() => Interlocked.Increment(ref _schemaInvalid);

    public void CountOversized() => Interlocked.Increment(ref _oversized);

    public void CountShed() => Interlocked.Increment(ref _shed);

    public void CountErrorFrame() => Interlocked.Increment(ref _errorFrames);

    public ChannelStatus Snapshot(DateTimeOffset? tokenExpiresAt, long tokenRefreshes)
    {
        var counters = new ChannelCounters(
            Interlocked.Read(ref _deltas),
            Interlocked.Read(ref _heartbeats),
            Interlocked.Read(ref _malformed),
            Interlocked.Read(ref _schemaInvalid),
            Interlocked.Read(ref _oversized),
            Interlocked.Read(ref _shed),
            Interlocked.Read(ref _errorFrames));
        lock (_gate)
        {
            return new ChannelStatus(
                _state,
                _connectedSince,
                _freshness.LastHeartbeat,
                _freshness.LastTraffic,
                _reconnectAttempts,
                _reconnects,
                _nextReconnectAt,
                tokenExpiresAt,
                tokenRefreshes,
                counters,
                [.. _recent]);
        }
    }
}
