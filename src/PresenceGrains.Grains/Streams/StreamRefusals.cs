namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Tells a stream's refusal because its queue's silo cannot be reached (the queue grain is on a silo that died and is
/// not declared dead yet: the write waits seconds, until the queue moves) from one because the queue is busy (full, or
/// storage throttling), which passes in moments and is back-pressure.
/// </summary>
internal static class StreamRefusals
{
    /// <summary>
    /// Awaits a live write; one not answered within <paramref name="quiet"/> is handed aside meanwhile. A write on its
    /// way to a queue whose silo just died is neither taken nor refused until Orleans gives up on it (seconds).
    /// </summary>
    public static async Task AwaitOrHandAsideAsync(Task write, TimeSpan quiet, TimeProvider time, Action handAside)
    {
        if (!write.IsCompleted)
        {
            try
            {
                await write.WaitAsync(quiet, time);
            }
            catch (TimeoutException) when (!write.IsCompleted)
            {
                handAside();
            }
        }

        await write;
    }

    public static bool IsQueueUnreachable(Exception exception) =>
        exception is OrleansMessageRejectionException or TimeoutException
        || (exception.InnerException is { } inner && IsQueueUnreachable(inner));
}
