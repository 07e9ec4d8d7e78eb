namespace PresenceGrains.Grains.Hosting;

/// <summary>
/// Registers or removes one reminder of a grain, within a bound on this silo's reminder writes, and says how long to
/// wait before trying again when storage refused. Seeding a tenant makes every device live at once (300,000 writes to the
/// reminder table for 100,000 agents) and a channel loss makes every agent ask for its decay reminder: unbounded, such a
/// burst times out by the thousand; bounded, it queues here and goes through. A refused write is tried again by its
/// caller, never dropped.
/// </summary>
internal static class ReminderWrites
{
    private static readonly SemaphoreSlim InFlight = new(32);

    private static readonly TimeSpan[] RetryDelays = [.. new[] { 1, 2, 5, 10, 30 }.Select(s => TimeSpan.FromSeconds(s))];

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after a refusal.</summary>
    public static TimeSpan RetryDelay(int attempt) => RetryDelays[Math.Min(attempt, RetryDelays.Length - 1)];

    /// <summary>One attempt: registers the reminder (due, then every period) or removes it if it exists.</summary>
    public static async Task ChangeAsync(IGrainBase grain, string name, bool registered, TimeSpan due, TimeSpan period)
    {
        await InFlight.WaitAsync();
        try
        {
            if (registered)
            {
                await grain.RegisterOrUpdateReminder(name, due, period);
            }
            else if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        finally
        {
            InFlight.Release();
        }
    }
}
