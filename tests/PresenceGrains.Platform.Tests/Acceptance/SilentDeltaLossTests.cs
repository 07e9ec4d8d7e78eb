using System.Diagnostics.Metrics;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>
/// A platform that drops deltas while its heartbeats keep coming trips no channel rule; only the background re-read
/// finds what it lost (issue 17).
/// </summary>
public sealed class SilentDeltaLossTests
{
    [Fact]
    public async Task Deltas_lost_in_silence_are_found_by_the_background_re_read_within_one_period_and_counted_as_repaired_drift()
    {
        await using var harness = await PlatformHarness.StartAsync(platform: o =>
        {
            o.AntiEntropyPeriod = TimeSpan.FromSeconds(1);
            o.AntiEntropyRestShare = 0.5;
        });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var agents = harness.Emulator.Centre.Agents.Take(3).Select(a => a.AgentId).ToList();
        var heard = agents.ToDictionary(a => a, a => harness.Emulator.Centre.Truth(a)!.UserState);

        harness.Emulator.Faults.LoseDeltas = new LoseDeltasFault(Count: agents.Count);
        foreach (var agent in agents)
        {
            harness.Emulator.Centre.SetUserState(agent, heard[agent] == "notReady" ? "available" : "notReady");
        }

        var (reread, _) = await events.WaitForAsync<ResnapshotRequired>(r => r.Cause == ResnapshotCauses.AntiEntropy && agents.All(r.AgentIds.Contains), connected, TimeSpan.FromSeconds(5));

        // What the connector does with it: re-read, compare with what the channel said, report what was wrong.
        var snapshots = await harness.Platform.GetSnapshotsAsync(reread.AgentIds, default);
        var wrong = snapshots.Snapshots.Count(s => agents.Contains(s.AgentId) && SignalClaims.ToWire(s.User!.Signal) != heard[s.AgentId]);
        var repaired = new List<(long Agents, string? Cause)>();
        using var listener = Listen(repaired);
        harness.Platform.DriftRepaired(reread, wrong);

        Assert.Equal(agents.Count, wrong);
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is DeltaReceived d && agents.Contains(d.Delta.AgentId));
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow);
        Assert.Equal([(agents.Count, ResnapshotCauses.AntiEntropy)], repaired);
    }

    private static MeterListener Listen(List<(long Agents, string? Cause)> repaired)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == PlatformMetrics.DriftRepaired)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var values = tags.ToArray();
            if (values.Any(t => t.Key == TelemetryTags.TenantDimension && Equals(t.Value, TestOptions.TenantId)))
            {
                repaired.Add((value, values.Single(t => t.Key == TelemetryTags.CauseDimension).Value?.ToString()));
            }
        });
        listener.Start();
        return listener;
    }
}
