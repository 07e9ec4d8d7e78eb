namespace PresenceGrains.Platform.Channel;

/// <summary>How long this process takes to run a work item queued now: the wait any frame that has arrived has ahead of it.</summary>
internal static class SchedulingProbe
{
    /// <summary>A watchdog woken this much later than it asked was paused (a long GC) or starved: what it sees is not silence yet.</summary>
    public static readonly TimeSpan LateWake = TimeSpan.FromMilliseconds(100);

    public static async ValueTask<TimeSpan> MeasureAsync(TimeProvider time)
    {
        var started = time.GetTimestamp();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The global queue, behind everything already waiting there: a probe kept on this thread's own queue would
        // jump the line.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.TrySetResult(), ran, preferLocal: false);
        await ran.Task.ConfigureAwait(false);
        return time.GetElapsedTime(started);
    }
}
