namespace PresenceGrains.Service.Tests.Support;

/// <summary>Polls until a condition holds or a bound passes: waiting for a state, never sleeping to pass.</summary>
public static class Wait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last;
        do
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"{what ?? "The condition"} did not hold in time; last value: {last}");
    }
}
