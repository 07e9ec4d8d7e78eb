namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Tells a stream's refusal because its queue's silo cannot be reached (the queue grain is on a silo that died and is
/// not declared dead yet: the write waits seconds, until the queue moves) from one because the queue is busy (full, or
/// storage throttling), which passes in moments and is back-pressure.
/// </summary>
internal static class StreamRefusals
{
    public static bool IsQueueUnreachable(Exception exception) =>
        exception is OrleansMessageRejectionException or TimeoutException
        || (exception.InnerException is { } inner && IsQueueUnreachable(inner));
}
