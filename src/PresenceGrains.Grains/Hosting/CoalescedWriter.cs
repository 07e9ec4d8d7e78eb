namespace PresenceGrains.Grains.Hosting;

/// <summary>
/// Coalesces a grain's state writes: any number of changes inside the interval cost one write. The grain captures its
/// Domain objects into the persisted state just before each write.
/// </summary>
internal sealed class CoalescedWriter<TState>
{
    private readonly IGrainBase _grain;
    private readonly IPersistentState<TState> _state;
    private readonly Action _capture;
    private readonly TimeSpan _interval;
    private IGrainTimer? _timer;
    private bool _dirty;

    public CoalescedWriter(IGrainBase grain, IPersistentState<TState> state, Action capture, TimeSpan interval)
    {
        _grain = grain;
        _state = state;
        _capture = capture;
        _interval = interval;
    }

    /// <summary>Something changed: a write will follow within the interval.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        _timer ??= _grain.RegisterGrainTimer(
            OnIntervalElapsedAsync,
            new GrainTimerCreationOptions(_interval, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Writes now if anything changed (on deactivation, or when a caller needs durability at once).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return WriteIfDirtyAsync(cancellationToken);
    }

    private async Task OnIntervalElapsedAsync(CancellationToken cancellationToken)
    {
        // Disposing a timer cancels its own callback's token: let go of it only after the write.
        var elapsed = _timer;
        _timer = null;
        try
        {
            await WriteIfDirtyAsync(CancellationToken.None);
        }
        finally
        {
            elapsed?.Dispose();
        }
    }

    private async Task WriteIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        _capture();
        await _state.WriteStateAsync(cancellationToken);
    }
}
