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

    /// <summary>
    /// As <see cref="UntilAsync{T}"/>, for reads over HTTP from a cluster losing a silo: a failed request (a 503, or a 500, while the
    /// grain it needs is on the silo being declared dead) is "not yet", not the end of the wait.
    /// </summary>
    public static Task<T?> UntilAnsweredAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
        where T : class =>
        UntilAsync<T?>(
            async () =>
            {
                try
                {
                    return await read();
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            value => value is not null && condition(value), timeout, what);
}
