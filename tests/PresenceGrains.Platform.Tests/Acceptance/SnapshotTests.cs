using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>REST snapshots (seed §4): bulk in batches of 50 under the platform's rate limit, and the single-user form.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task A_thousand_agents_are_read_under_a_tight_rate_limit_without_a_failure_reaching_the_caller()
    {
        await using var harness = await PlatformHarness.StartAsync(
            emulator: e =>
            {
                e.Simulation.AgentCount = 1000;
                e.RestRateLimit = new RestRateLimitOptions { RatePerSecond = 10, Burst = 3 };
            },
            platform: p => p.RestRequestsPerSecond = 50);
        var ids = harness.Emulator.Centre.Agents.Select(a => a.AgentId).ToList();

        var result = await harness.Platform.GetSnapshotsAsync(ids, default);

        Assert.Empty(result.NotFound);
        Assert.Equal(ids.Order(), result.Snapshots.Select(s => s.AgentId).Order());
        foreach (var snapshot in result.Snapshots)
        {
            AssertMatchesTruth(harness.Emulator, snapshot);
        }

        // The limit was really hit, and honoured.
        Assert.True(harness.Recorder.Throttled > 0, "the emulator never answered 429; the rate limit was not tight");
    }

    [Fact]
    public async Task Unknown_agents_come_back_as_not_found_and_the_single_form_reads_one()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var agent = harness.Emulator.Centre.Agents[3];
        harness.Emulator.Centre.SetDeviceState(agent.DeviceIds[0], "ringing");

        var bulk = await harness.Platform.GetSnapshotsAsync([agent.AgentId, "nobody", agent.AgentId], default);
        var single = await harness.Platform.GetSnapshotAsync(agent.AgentId, default);

        Assert.Equal(["nobody"], bulk.NotFound);
        AssertMatchesTruth(harness.Emulator, Assert.Single(bulk.Snapshots));
        AssertMatchesTruth(harness.Emulator, single!);
        Assert.Contains(single!.Devices, d => d.DeviceId == agent.DeviceIds[0] && d.Signal == PresenceSignal.Ringing);
        Assert.Null(await harness.Platform.GetSnapshotAsync("nobody", default));
    }

    private static void AssertMatchesTruth(EmulatorServer emulator, AgentSnapshot snapshot)
    {
        var truth = emulator.Centre.Snapshot(snapshot.AgentId)!;
        Assert.Equal(SignalClaims.Parse(truth.State), snapshot.User!.Signal);
        Assert.Equal(truth.LastUpdated, snapshot.User.LastUpdated);
        Assert.Equal(
            truth.Devices.Select(d => (d.DeviceId, SignalClaims.Parse(d.State), d.LastUpdated)),
            snapshot.Devices.Select(d => (d.DeviceId, (PresenceSignal?)d.Signal, d.LastUpdated)));
    }
}
