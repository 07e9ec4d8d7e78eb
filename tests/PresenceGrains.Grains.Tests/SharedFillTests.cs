using PresenceGrains.Grains.Directory;

namespace PresenceGrains.Grains.Tests;

/// <summary>The directory's fill is shared until it succeeds, and started again after a failure or a cancellation.</summary>
public sealed class SharedFillTests
{
    [Fact]
    public async Task A_canceled_fill_is_started_again_by_the_next_read()
    {
        var fill = new SharedFill();
        var starts = 0;
        var first = fill.EnsureAsync(() =>
        {
            starts++;
            return Task.FromCanceled(new CancellationToken(canceled: true));
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        await fill.EnsureAsync(() =>
        {
            starts++;
            return Task.CompletedTask;
        });
        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task A_failed_fill_is_started_again_and_a_fill_that_succeeded_is_not()
    {
        var fill = new SharedFill();
        var starts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => fill.EnsureAsync(() =>
        {
            starts++;
            return Task.FromException(new InvalidOperationException("an agent did not answer"));
        }));

        await fill.EnsureAsync(() =>
        {
            starts++;
            return Task.CompletedTask;
        });
        await fill.EnsureAsync(() =>
        {
            starts++;
            return Task.CompletedTask;
        });
        Assert.Equal(2, starts);
    }

    [Fact]
    public void A_fill_under_way_is_shared_and_an_invalidated_one_is_not()
    {
        var fill = new SharedFill();
        var running = new TaskCompletionSource();
        var first = fill.EnsureAsync(() => running.Task);
        Assert.Same(first, fill.EnsureAsync(() => Task.CompletedTask));

        fill.Invalidate();
        Assert.NotSame(first, fill.EnsureAsync(() => Task.CompletedTask));

        var replacement = new TaskCompletionSource().Task;
        fill.Replace(replacement);
        Assert.Same(replacement, fill.EnsureAsync(() => Task.CompletedTask));
    }
}
