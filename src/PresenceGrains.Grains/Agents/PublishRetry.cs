namespace PresenceGrains.Grains.Agents;

/// <summary>
/// Writes one event to a stream, trying again after a short wait when the stream refuses it. A stream's queue can be
/// full for a moment (the memory provider refuses past 16,384 waiting events; a storage queue throttles): failing the
/// agent's call there would lose the publication, since the agent has already moved on to the state it announces.
/// Waiting instead holds the agent, and through it the connector's batch: back-pressure rather than loss.
/// </summary>
internal static class PublishRetry
{
    /// <summary>
    /// The waits between tries: about a minute in all, then the failure reaches the caller. Seeding 100,000 agents at
    /// once kept the embedded default's tenant queue full for longer than the first 15 s budget, and a publication
    /// from the hold timer that gave up was lost for good.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        .. new[] { 10, 20, 50, 100, 200, 500, 1000, 1000, 2000, 2000 }.Concat(Enumerable.Repeat(4000, 13)).Select(ms => TimeSpan.FromMilliseconds(ms)),
    ];

    public static async Task WriteAsync(Func<Task> write, TimeProvider time, Action<Exception, TimeSpan> retrying)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception ex) when (attempt < Delays.Count)
            {
                retrying(ex, Delays[attempt]);
                await Task.Delay(Delays[attempt], time);
            }
        }
    }
}
