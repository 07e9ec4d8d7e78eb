namespace PresenceGrains.Grains.Tests;

/// <summary>Polls a condition until it holds or a bound passes: waiting for a state, never sleeping to pass.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T last;
        do
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"{what ?? "The condition"} did not hold in time; last value: {last}");
    }
}
