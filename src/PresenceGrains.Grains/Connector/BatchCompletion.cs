namespace PresenceGrains.Grains.Connector;

/// <summary>
/// When most of a batch's calls have ended: all but the slowest tenth, at least one (of one call: that call).
/// Calls to different agents end close together unless something holds a few of them, such as a silo that died with
/// the calls on their way; how long most took says how long the rest may fairly take (<see cref="Stragglers.WaitFor"/>).
/// </summary>
internal sealed class BatchCompletion
{
    private readonly TaskCompletionSource _most = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly int _mostCount;
    private int _ended;

    public BatchCompletion(IReadOnlyCollection<Task> calls, TimeProvider time)
    {
        _time = time;
        _mostCount = Math.Max(1, calls.Count - Math.Max(1, calls.Count / 10));
        foreach (var call in calls)
        {
            call.ContinueWith(
                static (_, state) => ((BatchCompletion)state!).Ended(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Completes once most calls have ended, whether they succeeded or not.</summary>
    public Task Most => _most.Task;

    /// <summary>When they had; meaningful once <see cref="Most"/> completed.</summary>
    public DateTimeOffset MostEndedAt { get; private set; }

    private void Ended()
    {
        if (Interlocked.Increment(ref _ended) == _mostCount)
        {
            Reached();
        }
    }

    private void Reached()
    {
        MostEndedAt = _time.GetUtcNow();
        _most.TrySetResult();
    }
}
