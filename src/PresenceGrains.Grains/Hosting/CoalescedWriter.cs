namespace PresenceGrains.Grains.Hosting;

/// <summary>
/// Coalesces a grain's state writes: any number of changes inside the interval cost one write. The grain captures its
/// Domain objects into the persisted state just before each write. The write interleaves with the grain's calls: a
/// storage round trip (seconds, on a loaded Azure table) must not hold back the deltas queued behind it. One write at a
/// time, so two never race on the state's ETag.
/// </summary>
internal sealed class CoalescedWriter<TState>
{
    /// <summary>
    /// State writes in flight on this silo. Seeding a tenant changes every agent within a second: unbounded, 10,000
    /// writes reach the storage at once and time out by the hundred; bounded, they queue here (interleaved, so nothing
    /// waits behind them but the next write of the same grain).
    /// </summary>
    private static readonly SemaphoreSlim Writes = new(64);

    private readonly IGrainBase _grain;
    private readonly IPersistentState<TState> _state;
    private readonly Action _capture;
    private readonly TimeSpan _interval;
    private readonly Action? _written;
    private IGrainTimer? _timer;
    private Task _writing = Task.CompletedTask;
    private bool _dirty;

    /// <param name="written">
    /// Lets go of what <paramref name="capture"/> put in the state for the write, once storage has it: a copy of what the
    /// grain holds in its Domain objects anyway.
    /// </param>
    public CoalescedWriter(IGrainBase grain, IPersistentState<TState> state, Action capture, TimeSpan interval, Action? written = null)
    {
        _grain = grain;
        _state = state;
        _capture = capture;
        _interval = interval;
        _written = written;
    }

    /// <summary>Something changed: a write will follow within the interval.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        _timer ??= _grain.RegisterGrainTimer(
            OnIntervalElapsedAsync,
            new GrainTimerCreationOptions(_interval, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    /// <summary>Writes now, changed or not, and without a timer (usable while deactivating).</summary>
    public Task WriteNowAsync(CancellationToken cancellationToken)
    {
        _dirty = true;
        return FlushAsync(cancellationToken);
    }

    /// <summary>Writes now if anything changed (on deactivation, or when a caller needs durability at once).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return WriteInTurnAsync(cancellationToken);
    }

    private async Task OnIntervalElapsedAsync(CancellationToken cancellationToken)
    {
        // Disposing a timer cancels its own callback's token: let go of it only after the write.
        var elapsed = _timer;
        _timer = null;
        try
        {
            await WriteInTurnAsync(CancellationToken.None);
        }
        finally
        {
            elapsed?.Dispose();
        }
    }

    /// <summary>
    /// Waits for the write in progress, then writes. A timer's write and a flush (a deactivation) can both be waiting for
    /// the same write: each looks again when it ends, and only one of them finds it done and starts the next in that same
    /// turn. Both starting one raced on the state's ETag, and the loser's write failed (a deactivation's clean mark
    /// among them, in `chaos`). A failed earlier write is the timer's to retry, not a reason for this one to fail.
    /// </summary>
    private async Task WriteInTurnAsync(CancellationToken cancellationToken)
    {
        while (!_writing.IsCompleted)
        {
            await Task.WhenAny(_writing);
        }

        var writing = WriteIfDirtyAsync(cancellationToken);
        _writing = writing;
        try
        {
            await writing;
        }
        finally
        {
            // A finished write held on to costs its state machine, for every resident grain.
            if (ReferenceEquals(_writing, writing))
            {
                _writing = Task.CompletedTask;
            }
        }
    }

    private async Task WriteIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        await Writes.WaitAsync(cancellationToken);
        try
        {
            _dirty = false;
            _capture();
            await _state.WriteStateAsync(cancellationToken);
            _written?.Invoke();
        }
        catch
        {
            // Not written: the next interval tries again with whatever the state is then.
            MarkDirty();
            throw;
        }
        finally
        {
            Writes.Release();
        }
    }
}
