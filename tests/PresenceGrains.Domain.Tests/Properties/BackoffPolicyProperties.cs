using CsCheck;
using Xunit.Abstractions;

namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>Design §4 for every attempt and every random draw: within ±10 % of min(1 s·2^n, 30 s), never before Retry-After.</summary>
public sealed class BackoffPolicyProperties(ITestOutputHelper output)
{
    private const long Cases = 2000;

    private static readonly Gen<(int Attempt, double Unit)> Draws = Gen.Select(Gen.Int[0, 40], Gen.Double.Unit);

    private static TimeSpan Base(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt), 30));

    [Fact]
    public void Every_delay_is_within_ten_percent_of_the_capped_doubling() =>
        Draws.Sample(
            (attempt, unit) =>
            {
                var delay = new BackoffPolicy(() => unit).NextDelay(attempt);

                // One tick of slack: the jitter is computed in floating point and truncated to ticks.
                var ticks = Base(attempt).Ticks;
                Assert.InRange(delay.Ticks, (long)(ticks * 0.9) - 1, (long)(ticks * 1.1) + 1);
            },
            iter: Cases,
            writeLine: output.WriteLine);

    [Fact]
    public void A_retry_after_longer_than_the_backoff_is_the_delay() =>
        Gen.Select(Draws, Gen.Long[1, TimeSpan.TicksPerHour]).Sample(
            (draw, extraTicks) =>
            {
                var retryAfter = TimeSpan.FromTicks((long)(Base(draw.Attempt).Ticks * 1.1) + extraTicks);

                Assert.Equal(retryAfter, new BackoffPolicy(() => draw.Unit).NextDelay(draw.Attempt, retryAfter));
            },
            iter: Cases,
            writeLine: output.WriteLine);
}
