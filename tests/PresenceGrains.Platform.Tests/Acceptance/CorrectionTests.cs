using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Presence corrections after a reconnect (seed edge case 2).</summary>
public sealed class CorrectionTests
{
    private static readonly DateTimeOffset DisconnectedAt = new(2025, 1, 6, 9, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public async Task Corrections_arrive_at_the_platform_with_the_exact_duration()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var agents = harness.Emulator.Centre.Agents.Take(2).Select(a => a.AgentId).ToList();
        var reconnectedAt = DisconnectedAt + TimeSpan.FromTicks(12_345_678);

        await harness.Platform.SendCorrectionsAsync(
            [
                new CorrectionRequest(agents[0], PresenceLevel.NotReady, DisconnectedAt, reconnectedAt, "channel reconnected"),
                new CorrectionRequest(agents[1], PresenceLevel.OnCall, DisconnectedAt, reconnectedAt, "channel reconnected"),
            ],
            default);

        var received = harness.Emulator.Corrections.Read().Items.Select(c => c.Correction).ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal([(agents[0], "notReady"), (agents[1], "onCall")], received.Select(c => (c.UserId, c.State)));
        Assert.All(received, c =>
        {
            Assert.Equal(1234, c.DurationMs);
            Assert.Equal(DisconnectedAt, c.DisconnectedAt);
            Assert.Equal(reconnectedAt, c.ReconnectedAt);
            Assert.False(string.IsNullOrEmpty(c.CorrelationId));
        });
    }

    [Fact]
    public async Task A_batch_with_an_invalid_correction_sends_nothing()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var agent = harness.Emulator.Centre.Agents[0].AgentId;
        var good = new CorrectionRequest(agent, PresenceLevel.Available, DisconnectedAt, DisconnectedAt.AddSeconds(2), "ok");

        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => harness.Platform.SendCorrectionsAsync(
            [good, good with { ReconnectedAt = DisconnectedAt.AddSeconds(-1) }], default));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => harness.Platform.SendCorrectionsAsync(
            [good, good with { Reason = new string('r', 300) }], default));

        Assert.Contains("ends before it starts", backwards.Message);
        Assert.Contains("nothing was sent", tooLong.Message);
        Assert.Empty(harness.Emulator.Corrections.Read().Items);
    }
}
