using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An agent's outbox writes its publications one at a time and in order, holds none once written, and starts again for
/// the next publication after it emptied. Run off xunit's synchronisation context, so that completing a write runs the
/// pump's continuation at once, as the grain's scheduler runs it: one thread, as in the grain.
/// </summary>
public sealed class PublicationOutboxTests
{
    private readonly List<long> _written = [];
    private readonly Queue<TaskCompletionSource> _writes = new();

    [Fact]
    public Task Publications_are_written_in_order_one_at_a_time_and_an_outbox_that_emptied_writes_the_next_one() => Task.Run(async () =>
    {
        var outbox = new PublicationOutbox(WriteAsync);

        await outbox.EnqueueAsync(Presence(1));
        await outbox.EnqueueAsync(Presence(2));
        Assert.Equal([1], _written);
        var drained = outbox.DrainAsync();
        Assert.False(drained.IsCompleted);

        _writes.Dequeue().SetResult();
        Assert.Equal([1, 2], _written);
        Assert.False(drained.IsCompleted);

        _writes.Dequeue().SetResult();
        Assert.True(drained.IsCompletedSuccessfully);
        Assert.True(outbox.DrainAsync().IsCompletedSuccessfully);

        // Emptied: the next publication starts a new pump, and draining waits for it.
        await outbox.EnqueueAsync(Presence(3));
        Assert.Equal([1, 2, 3], _written);
        Assert.False(outbox.DrainAsync().IsCompleted);
        _writes.Dequeue().SetResult();
        Assert.True(outbox.DrainAsync().IsCompletedSuccessfully);
    });

    [Fact]
    public Task A_full_outbox_holds_its_caller_until_half_of_it_is_written() => Task.Run(async () =>
    {
        var outbox = new PublicationOutbox(WriteAsync);
        for (var i = 1; i <= PublicationOutbox.Capacity; i++)
        {
            await outbox.EnqueueAsync(Presence(i));
        }

        var full = outbox.EnqueueAsync(Presence(PublicationOutbox.Capacity + 1));
        Assert.False(full.IsCompleted);
        while (!full.IsCompleted)
        {
            _writes.Dequeue().SetResult();
        }

        Assert.Equal(PublicationOutbox.Capacity / 2 + 2, _written.Count);
        while (_writes.TryDequeue(out var write))
        {
            write.SetResult();
        }

        Assert.Equal(Enumerable.Range(1, PublicationOutbox.Capacity + 1).Select(i => (long)i), _written);
        Assert.True(outbox.DrainAsync().IsCompletedSuccessfully);
    });

    private Task WriteAsync(AgentPresence presence, ActivityContext trace)
    {
        _written.Add(presence.Sequence);
        var write = new TaskCompletionSource();
        _writes.Enqueue(write);
        return write.Task;
    }

    private static AgentPresence Presence(long sequence) =>
        new("t", "a", AgentState.Available, true, Freshness.Fresh, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ChangeCause.Delta, sequence, []);
}
