namespace PresenceGrains.Benchmarks.Service;

/// <summary>Waits for a growing count (publications, corrections, signed-in devices) to stop moving or reach a target.</summary>
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

    /// <summary>Reads <paramref name="count"/> every second until it reaches <paramref name="target"/>, at most <paramref name="limit"/>; returns its last value.</summary>
    public static async Task<int> WaitForAsync(Func<Task<int>> count, int target, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = await count();
        while (last < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            last = await count();
        }

        return last;
    }
}
