using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Platform.Rest;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class RestPacerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Request_starts_are_spaced_by_the_configured_rate()
    {
        var pacer = new RestPacer(_time, requestsPerSecond: 10);

        var first = pacer.WaitTurnAsync(default);
        var second = pacer.WaitTurnAsync(default);
        var third = pacer.WaitTurnAsync(default);

        Assert.True(first.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(third.IsCompleted);
    }

    [Fact]
    public void A_429_pauses_everyone_for_its_retry_after_and_slows_the_pace_until_successes_ease_it_back()
    {
        var pacer = new RestPacer(_time, requestsPerSecond: 10);
        Assert.True(pacer.WaitTurnAsync(default).IsCompleted);

        pacer.Throttled(TimeSpan.FromSeconds(2));
        var afterThrottle = pacer.WaitTurnAsync(default);

        _time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.False(afterThrottle.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(afterThrottle.IsCompleted);
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacer.Interval);

        for (var i = 0; i < 20; i++)
        {
            pacer.Succeeded();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Interval);
    }

    [Fact]
    public void Repeated_throttling_never_slows_past_the_ceiling()
    {
        var pacer = new RestPacer(_time, requestsPerSecond: 10);

        for (var i = 0; i < 20; i++)
        {
            pacer.Throttled(TimeSpan.Zero);
        }

        Assert.Equal(RestPacer.MaximumInterval, pacer.Interval);
    }
}
