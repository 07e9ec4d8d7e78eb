namespace PresenceGrains.Grains.Connector;

/// <summary>
/// A call to a grain whose silo went away mid-call (shut down or killed) is tried again a few times: once the cluster
/// knows, the next call activates the grain on a live silo; the delays add up to more than a killed silo takes to be
/// declared dead (docs/decisions.md). Without this, one agent on a stopping silo failed the whole connect snapshot, and
/// with it the channel's event loop.
/// </summary>
internal static class SiloLossRetry
{
    private static readonly TimeSpan[] Delays = [.. new[] { 200, 500, 1000, 2000, 4000, 8000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public static async Task<T> CallAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < Delays.Length && ex is SiloUnavailableException or OrleansMessageRejectionException)
            {
                await Task.Delay(Delays[attempt], time, cancellationToken);
            }
        }
    }
}
