using System.Collections.Concurrent;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Consumes <see cref="IPresencePlatform.RunAsync"/> in the background as the connector grain would, keeping every event
/// in order. It can be paused to play a consumer that has fallen behind.
/// </summary>
public sealed class EventCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<PlatformEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _consumer;
    private volatile TaskCompletionSource _resume = Released();

    public EventCollector(IPresencePlatform platform, WatchSubscription watch)
    {
        var events = platform.RunAsync(watch, _stop.Token);
        _consumer = Task.Run(async () =>
        {
            await foreach (var platformEvent in events)
            {
                _events.Enqueue(platformEvent);
                await _resume.Task;
            }
        });
    }

    public IReadOnlyList<PlatformEvent> Events => [.. _events];

    /// <summary>Stops taking events after the next one, as a slow consumer.</summary>
    public void Pause() => _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => _resume.TrySetResult();

    /// <summary>The first event of type <typeparamref name="T"/> at or after <paramref name="from"/> that matches, with its index.</summary>
    public async Task<(T Event, int Index)> WaitForAsync<T>(Func<T, bool>? match = null, int from = 0, TimeSpan? timeout = null)
        where T : PlatformEvent
    {
        (T, int)? found = null;
        await Eventually.HoldsAsync(
            () =>
            {
                if (_consumer.IsFaulted)
                {
                    throw new InvalidOperationException("The event stream failed.", _consumer.Exception);
                }

                found = Find(match, from);
                return found is not null;
            },
            () => $"a {typeof(T).Name} from event {from} on; got: {string.Join(", ", Events.Select(e => e.GetType().Name))}",
            timeout);
        return found!.Value;
    }

    /// <summary>Waits until the channel reports <paramref name="state"/>.</summary>
    public Task<(ChannelStateChanged Event, int Index)> WaitForStateAsync(ChannelState state, int from = 0, TimeSpan? timeout = null) =>
        WaitForAsync<ChannelStateChanged>(e => e.State == state, from, timeout);

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _stop.CancelAsync();
        await _consumer;
        _stop.Dispose();
    }

    private (T, int)? Find<T>(Func<T, bool>? match, int from)
        where T : PlatformEvent
    {
        var events = Events;
        for (var i = from; i < events.Count; i++)
        {
            if (events[i] is T typed && (match is null || match(typed)))
            {
                return (typed, i);
            }
        }

        return null;
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }
}
