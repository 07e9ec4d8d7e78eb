using System.Diagnostics;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>Bounded waits on a condition: the test proceeds as soon as it holds and fails clearly when it never does.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>As above; <paramref name="describe"/> is asked at the timeout, so it can report the state then.</summary>
    public static async Task HoldsAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit} for: {describe()}");
            }

            // Polling interval of the bounded wait, not a delay that makes anything pass.
            await Task.Delay(5);
        }
    }
}
