namespace PresenceGrains.Grains.Directory;

/// <summary>
/// The directory's fill from its agents: started once and shared by every read until it succeeds. One that ended
/// without success, failed or canceled, is started again by the next read. A canceled fill (an agent's activation timed
/// out under the start-up load of a 2,000-agent cluster) used to be kept, since only a failed one was retried: every
/// list answered that cancellation from then on, and the cluster of one `chaos` run (2026-12-06 05:34) never came up.
/// </summary>
internal sealed class SharedFill
{
    private Task? _current;

    /// <summary>The fill under way or done; a new one from <paramref name="fill"/> when there is none or the last did not succeed.</summary>
    public Task EnsureAsync(Func<Task> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (_current is null or { IsCompleted: true, IsCompletedSuccessfully: false })
        {
            _current = fill();
        }

        return _current;
    }

    /// <summary>A fill started for a reason of its own (every agent read again), shared from now on.</summary>
    public void Replace(Task fill) => _current = fill;

    /// <summary>The next read fills again.</summary>
    public void Invalidate() => _current = null;
}
