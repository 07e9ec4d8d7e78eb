using Microsoft.Extensions.Logging;
using PresenceGrains.Grains.Hosting;

namespace PresenceGrains.Grains.Agents;

/// <summary>
/// Keeps one reminder of a grain registered, or not, as the grain last asked, beside the grain's calls rather than in
/// them. A reminder is a write to the reminder table: awaited inside a call, a reminder service slow to answer (seen on
/// Azurite: 30 s timeouts for every agent that lost its channel at once) held each agent, and the connector's calls to
/// it, for as long; the channel then stayed Stale. The work runs on the grain's scheduler, one operation at a time
/// (through <see cref="ReminderWrites"/>), and a refused one is tried again until the reminder is as last asked.
/// </summary>
internal sealed partial class ReminderKeeper(
    IGrainBase grain, string name, TimeProvider time, Func<bool> isRegistered, Action<bool> registered, ILogger logger)
{
    private Task _work = Task.CompletedTask;
    private bool _wanted;
    private TimeSpan _due;
    private TimeSpan _period;

    /// <summary>Asks for the reminder, due in <paramref name="due"/> and every <paramref name="period"/> after.</summary>
    public void Register(TimeSpan due, TimeSpan period)
    {
        (_wanted, _due, _period) = (true, due, period);
        Start();
    }

    /// <summary>Asks for the reminder to be gone.</summary>
    public void Unregister()
    {
        _wanted = false;
        Start();
    }

    /// <summary>Completes once the reminder is as last asked (tests, deactivation).</summary>
    public Task Settled => _work;

    private void Start()
    {
        if (_work.IsCompleted && isRegistered() != _wanted)
        {
            _work = KeepAsync();
        }
    }

    private async Task KeepAsync()
    {
        for (var attempt = 0; isRegistered() != _wanted; attempt++)
        {
            var wanted = _wanted;
            try
            {
                await ReminderWrites.ChangeAsync(grain, name, wanted, _due, _period);
                registered(wanted);
            }
            catch (Exception ex)
            {
                var wait = ReminderWrites.RetryDelay(attempt);
                LogRetry(logger, ex, name, wait);
                await Task.Delay(wait, time);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Name} not changed yet; trying again in {Wait}")]
    private static partial void LogRetry(ILogger logger, Exception exception, string name, TimeSpan wait);
}
