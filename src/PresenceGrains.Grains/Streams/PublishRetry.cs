namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Writes to a stream until the stream takes it. A stream's queue can be full for a while (the memory provider refuses
/// past 16,384 waiting events; a storage queue throttles): giving up there would lose what was written, since the
/// writer has already moved on (an agent to the state it announces, history to the ids it stored). Waiting instead holds
/// the writer back: back-pressure rather than loss. Only the caller's cancellation (a deactivation running out of time)
/// ends the wait without the write.
/// </summary>
internal static class PublishRetry
{
    /// <summary>
    /// One round of waits between tries, about a minute in all; then the stall is reported and the round starts again.
    /// Seeding 100,000 agents at once kept the embedded default's tenant queue full for longer than 15 s.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        .. new[] { 10, 20, 50, 100, 200, 500, 1000, 1000, 2000, 2000 }.Concat(Enumerable.Repeat(4000, 13)).Select(ms => TimeSpan.FromMilliseconds(ms)),
    ];

    /// <param name="write">The write; any exception it throws means "not taken, try again".</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="retrying">Told of every refusal and the wait before the next try.</param>
    /// <param name="stalled">Told once per full round of <see cref="Delays"/> that went by without the write being taken.</param>
    /// <param name="cancellationToken">Stops the waiting; the write is then not done and <see cref="OperationCanceledException"/> says so.</param>
    public static async Task WriteUntilTakenAsync(
        Func<Task> write, TimeProvider time, Action<Exception, TimeSpan> retrying, Action<Exception> stalled, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await write();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var wait = Delays[attempt % Delays.Count];
                if (attempt > 0 && attempt % Delays.Count == 0)
                {
                    stalled(ex);
                }

                retrying(ex, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }
}
