namespace PresenceGrains.Benchmarks.Service;

/// <summary>Waits for a growing count (publications, corrections) to stop moving.</summary>
internal static class QuietCount
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads <paramref name="count"/> until it has not moved for <paramref name="quiet"/>, at most <paramref name="limit"/>; returns its last value.</summary>
    public static async Task<int> WaitAsync(Func<int> count, TimeSpan quiet, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = count();
        var movedAt = DateTime.UtcNow;
        while (DateTime.UtcNow - movedAt < quiet && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Poll);
            var current = count();
            if (current != last)
            {
                (last, movedAt) = (current, DateTime.UtcNow);
            }
        }

        return last;
    }
}
