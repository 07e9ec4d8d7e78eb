using System.Collections.Concurrent;
using Orleans.Streams;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Tests;

/// <summary>Subscribes to a stream from the cluster client and keeps everything it receives, in order.</summary>
public sealed class StreamProbe<T> : IAsyncObserver<T>, IAsyncDisposable
{
    private readonly ConcurrentQueue<T> _items = new();
    private StreamSubscriptionHandle<T>? _handle;

    public IReadOnlyList<T> Items => _items.ToArray();

    public static async Task<StreamProbe<T>> SubscribeAsync(IClusterClient client, string streamNamespace, string key)
    {
        var probe = new StreamProbe<T>();
        var stream = client.GetStreamProvider(PresenceStreams.Provider).GetStream<T>(StreamId.Create(streamNamespace, key));
        probe._handle = await stream.SubscribeAsync(probe);
        return probe;
    }

    /// <summary>Waits, bounded, until an item matches; fails with what was seen otherwise.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var match = _items.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching item arrived; saw {_items.Count}: {string.Join(" | ", _items)}");
    }

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        _items.Enqueue(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
