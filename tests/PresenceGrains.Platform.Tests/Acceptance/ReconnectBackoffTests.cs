using PresenceGrains.Domain.Channel;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>
/// Reconnects against an emulator that refuses them with 429. The client's clock is fake: the test advances it by
/// exactly the delay the client's timer asked for, so the gaps between attempts are exact and the test takes no time.
/// </summary>
public sealed class ReconnectBackoffTests
{
    private static void DefaultPolicy(PlatformOptions options)
    {
        options.ReconnectInitialDelay = BackoffPolicy.DefaultInitial;
        options.ReconnectMaximumDelay = BackoffPolicy.DefaultMaximum;
        options.ReconnectJitter = BackoffPolicy.DefaultJitter;
    }

    [Fact]
    public async Task Refused_reconnects_back_off_from_1s_doubling_to_30s_with_10_percent_jitter()
    {
        const int refusals = 8;
        var time = new ObservedTimeProvider();
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e => e.Faults = new FaultOptions { RefuseReconnects = new RefuseReconnectsFault { Count = refusals, RetryAfterSeconds = 0 } },
            platform: DefaultPolicy,
            clientTime: time);
        var events = harness.Run();

        var gaps = new List<TimeSpan>();
        for (var attempt = 1; attempt <= refusals; attempt++)
        {
            var delay = await ScheduledReconnectAsync(harness, time, attempt);

            // Nothing moves the fake clock but the test, so no attempt can have started early.
            Assert.Equal(attempt, harness.Handshakes.Count);
            gaps.Add(delay);
            time.Advance(delay);
        }

        await events.WaitForStateAsync(ChannelState.Connected);

        double[] expectedSeconds = [1, 2, 4, 8, 16, 30, 30, 30];
        Assert.Equal(refusals, gaps.Count);
        for (var i = 0; i < refusals; i++)
        {
            Assert.InRange(gaps[i].TotalSeconds, expectedSeconds[i] * 0.9, expectedSeconds[i] * 1.1);
        }

        Assert.Equal([.. Enumerable.Repeat(HandshakeOutcome.Refused, refusals), HandshakeOutcome.Accepted], harness.Handshakes.Select(h => h.Outcome));
        Assert.Equal(0, harness.Platform.Status.ReconnectAttempts);
    }

    [Fact]
    public async Task A_429_retry_after_longer_than_the_backoff_is_honoured_to_the_tick()
    {
        var time = new ObservedTimeProvider();
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e => e.Faults = new FaultOptions { RefuseReconnects = new RefuseReconnectsFault { Count = 1, RetryAfterSeconds = 20 } },
            platform: DefaultPolicy,
            clientTime: time);
        var events = harness.Run();

        var delay = await ScheduledReconnectAsync(harness, time, 1);
        Assert.Equal(TimeSpan.FromSeconds(20), delay);

        time.Advance(delay - TimeSpan.FromTicks(1));
        Assert.Single(harness.Handshakes);
        Assert.Single(time.Pending, t => t.DueAt == harness.Platform.Status.NextReconnectAt);

        time.Advance(TimeSpan.FromTicks(1));
        await events.WaitForStateAsync(ChannelState.Connected);
        Assert.Equal([HandshakeOutcome.Refused, HandshakeOutcome.Accepted], harness.Handshakes.Select(h => h.Outcome));
    }

    /// <summary>Waits until attempt <paramref name="attempt"/> was refused and the client armed its reconnect timer; returns that delay.</summary>
    private static async Task<TimeSpan> ScheduledReconnectAsync(PlatformHarness harness, ObservedTimeProvider time, int attempt)
    {
        DateTimeOffset? due = null;
        await Eventually.HoldsAsync(
            () =>
            {
                var status = harness.Platform.Status;
                due = status.NextReconnectAt;
                return harness.Handshakes.Count == attempt
                    && status.ReconnectAttempts == attempt
                    && time.Pending.Any(t => t.DueAt == due);
            },
            () => $"reconnect {attempt} to be scheduled; {harness.Handshakes.Count} handshakes, status {harness.Platform.Status.State}, due {due:O}, timers due {string.Join(", ", time.Pending.Select(t => t.DueAt.ToString("O")))}");
        return due!.Value - time.GetUtcNow();
    }
}
