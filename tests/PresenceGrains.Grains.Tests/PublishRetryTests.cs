using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Tests;

/// <summary>A stream that refuses an event for a while holds the agent back instead of losing the publication.</summary>
public sealed class PublishRetryTests
{
    [Fact]
    public async Task A_write_refused_twice_goes_through_on_the_third_try_after_the_first_two_waits()
    {
        var time = new FakeTimeProvider();
        var tries = 0;
        var waits = new List<TimeSpan>();

        var writing = PublishRetry.WriteAsync(
            () => ++tries < 3 ? throw new InvalidOperationException("queue full") : Task.CompletedTask, time, (_, wait) => waits.Add(wait));
        await AdvanceUntilAsync(time, () => writing.IsCompleted);

        await writing;
        Assert.Equal(3, tries);
        Assert.Equal(PublishRetry.Delays.Take(2), waits);
    }

    [Fact]
    public async Task A_write_refused_every_time_fails_the_caller_after_the_last_wait()
    {
        var time = new FakeTimeProvider();
        var tries = 0;

        var writing = PublishRetry.WriteAsync(() => { tries++; throw new InvalidOperationException("queue full"); }, time, (_, _) => { });
        await AdvanceUntilAsync(time, () => writing.IsCompleted);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writing);
        Assert.Equal(PublishRetry.Delays.Count + 1, tries);
    }

    /// <summary>Moves fake time on in small steps until the write has finished, bounded.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var step = 0; step < 10_000 && !done(); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }
    }
}
