using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Grains.Streams;

namespace PresenceGrains.Grains.Tests;

/// <summary>A stream that refuses a write for a while holds the writer back instead of losing what it wrote.</summary>
public sealed class PublishRetryTests
{
    [Fact]
    public async Task A_write_refused_twice_goes_through_on_the_third_try_after_the_first_two_waits()
    {
        var time = new FakeTimeProvider();
        var tries = 0;
        var waits = new List<TimeSpan>();

        var writing = PublishRetry.WriteUntilTakenAsync(
            () => ++tries < 3 ? throw new InvalidOperationException("queue full") : Task.CompletedTask,
            time, (_, wait) => waits.Add(wait), _ => { }, CancellationToken.None);
        await AdvanceUntilAsync(time, () => writing.IsCompleted);

        await writing;
        Assert.Equal(3, tries);
        Assert.Equal(PublishRetry.Delays.Take(2), waits);
    }

    [Fact]
    public async Task A_write_refused_for_longer_than_a_round_is_reported_stalled_and_still_goes_through()
    {
        var time = new FakeTimeProvider();
        var tries = 0;
        var stalls = 0;
        var refusals = (PublishRetry.Delays.Count * 2) + 1;

        var writing = PublishRetry.WriteUntilTakenAsync(
            () => ++tries <= refusals ? throw new InvalidOperationException("queue full") : Task.CompletedTask,
            time, (_, _) => { }, _ => stalls++, CancellationToken.None);
        await AdvanceUntilAsync(time, () => writing.IsCompleted);

        await writing;
        Assert.Equal(refusals + 1, tries);
        Assert.Equal(2, stalls);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_the_tries_and_says_the_write_was_not_done()
    {
        var time = new FakeTimeProvider();
        var tries = 0;
        using var stopping = new CancellationTokenSource();

        var writing = PublishRetry.WriteUntilTakenAsync(
            () => { tries++; throw new InvalidOperationException("queue full"); }, time, (_, _) => { }, _ => { }, stopping.Token);
        await AdvanceUntilAsync(time, () => tries >= 3);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        var triesAtCancel = tries;
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(triesAtCancel, tries);
    }

    /// <summary>Moves fake time on in small steps until the condition holds, bounded.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var step = 0; step < 100_000 && !done(); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }
    }
}
