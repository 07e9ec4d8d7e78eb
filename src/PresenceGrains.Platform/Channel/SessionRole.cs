namespace PresenceGrains.Platform.Channel;

/// <summary>
/// What one socket's session is to the channel while a token rotation overlaps two of them (make before break). The
/// <see cref="IsPrimary">primary</see> speaks for the channel: its heartbeats and silences move freshness, its end is
/// the channel's loss. A standby (the new socket, until the platform acknowledges its subscription) and a retiring one
/// (the old socket, until it has caught up and is closed) only deliver deltas, and their end is nobody's loss.
/// </summary>
internal sealed class SessionRole
{
    private const int Standby = 0;
    private const int Primary = 1;
    private const int Retiring = 2;

    private readonly TaskCompletionSource _promoted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private long _lastHeartbeatTicks = long.MinValue;
    private TaskCompletionSource _heartbeat = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SessionRole(int state)
    {
        _state = state;
        if (state == Primary)
        {
            _promoted.SetResult();
        }
    }

    public bool IsPrimary => Volatile.Read(ref _state) == Primary;

    public bool IsRetiring => Volatile.Read(ref _state) == Retiring;

    /// <summary>Completes when the session becomes primary (at once for a first connection).</summary>
    public Task Promoted => _promoted.Task;

    /// <summary>The platform's time on the acknowledgement of this session's subscription; null until then.</summary>
    public DateTimeOffset? SubscribedAt { get; private set; }

    /// <summary>Completes when the platform acknowledged this session's subscription.</summary>
    public Task Acknowledged => _acknowledged.Task;

    /// <summary>A session that speaks for the channel from its start.</summary>
    public static SessionRole ForConnection() => new(Primary);

    /// <summary>The new socket of a rotation, until it is promoted.</summary>
    public static SessionRole ForRotation() => new(Standby);

    public void Subscribed(DateTimeOffset platformTime)
    {
        SubscribedAt = platformTime;
        _acknowledged.TrySetResult();
    }

    public void Promote()
    {
        if (Interlocked.CompareExchange(ref _state, Primary, Standby) == Standby)
        {
            _promoted.TrySetResult();
        }
    }

    public void Retire() => Volatile.Write(ref _state, Retiring);

    /// <summary>A heartbeat stamped <paramref name="platformTime"/> arrived on this session's socket.</summary>
    public void HeartbeatArrived(DateTimeOffset platformTime)
    {
        long seen;
        while (platformTime.UtcTicks > (seen = Interlocked.Read(ref _lastHeartbeatTicks)))
        {
            if (Interlocked.CompareExchange(ref _lastHeartbeatTicks, platformTime.UtcTicks, seen) == seen)
            {
                break;
            }
        }

        Interlocked.Exchange(ref _heartbeat, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Waits until this socket delivered a heartbeat the platform sent after <paramref name="platformTime"/>: the
    /// platform sends in order on a socket, so everything it sent here before that instant has arrived. False when none
    /// came within <paramref name="within"/>.
    /// </summary>
    public async Task<bool> CaughtUpAsync(DateTimeOffset platformTime, TimeSpan within, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(within, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                // The signal is taken before the check, so a heartbeat between the two is never missed.
                var next = Volatile.Read(ref _heartbeat).Task;
                if (Interlocked.Read(ref _lastHeartbeatTicks) > platformTime.UtcTicks)
                {
                    return true;
                }

                await next.WaitAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
