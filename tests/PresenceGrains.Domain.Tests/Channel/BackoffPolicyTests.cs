namespace PresenceGrains.Domain.Tests.Channel;

/// <summary>Design §4: 1 s doubling to 30 s, ±10 % jitter, never sooner than Retry-After.</summary>
public sealed class BackoffPolicyTests
{
    /// <summary>The largest double below 1, as near 1 as <see cref="Random.NextDouble"/> can get.</summary>
    private static readonly double AlmostOne = Math.BitDecrement(1.0);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    [InlineData(int.MaxValue, 30)]
    public void The_base_delay_doubles_from_one_second_up_to_thirty(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new BackoffPolicy().BaseDelay(attempt));

    [Fact]
    public void The_middle_of_the_random_range_gives_the_base_delay() =>
        Assert.Equal(TimeSpan.FromSeconds(4), new BackoffPolicy(() => 0.5).NextDelay(2));

    [Fact]
    public void The_lowest_random_value_takes_ten_percent_off() =>
        AssertWithinOneTick(TimeSpan.FromMilliseconds(3600), new BackoffPolicy(() => 0).NextDelay(2));

    [Fact]
    public void The_highest_random_value_adds_just_under_ten_percent()
    {
        var delay = new BackoffPolicy(() => AlmostOne).NextDelay(2);

        Assert.True(delay <= TimeSpan.FromMilliseconds(4400), $"{delay} above 4.4 s");
        AssertWithinOneTick(TimeSpan.FromMilliseconds(4400), delay);
    }

    [Fact]
    public void A_longer_retry_after_is_honoured()
    {
        var policy = new BackoffPolicy(() => AlmostOne);

        Assert.Equal(TimeSpan.FromSeconds(45), policy.NextDelay(10, retryAfter: TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void A_shorter_retry_after_does_not_shorten_the_backoff() =>
        Assert.Equal(TimeSpan.FromSeconds(8), new BackoffPolicy(() => 0.5).NextDelay(3, retryAfter: TimeSpan.FromSeconds(1)));

    [Fact]
    public void Custom_bounds_and_jitter_are_used()
    {
        var policy = new BackoffPolicy(() => 0, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), jitter: 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.BaseDelay(0));
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.BaseDelay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(125), policy.NextDelay(2));
    }

    [Fact]
    public void The_defaults_are_the_seeds()
    {
        var policy = new BackoffPolicy();

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.1), (policy.Initial, policy.Maximum, policy.Jitter));
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(initial: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(initial: TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(initial: TimeSpan.FromSeconds(10), maximum: TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(jitter: -0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(jitter: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy().BaseDelay(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy().NextDelay(-1));
    }

    /// <summary>Jitter is computed in floating point and truncated to ticks.</summary>
    private static void AssertWithinOneTick(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual.Ticks, expected.Ticks - 1, expected.Ticks + 1);
}
