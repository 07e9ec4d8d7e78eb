using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>Each delta is counted once, applied or discarded with its reason, by the grain that judged it first.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DiscardMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Stale_duplicate_and_tie_deltas_of_users_and_devices_are_counted_by_reason()
    {
        using var counts = new TenantCounts();
        var scenario = await Scenario.StartAsync(fixture.Cluster.Client, "agent-1", "dev-a");
        var userStamp = scenario.Now(1000);
        scenario.Push(Delta(null, PresenceSignal.NotReady, userStamp));
        var deviceStamp = scenario.Now(10);
        scenario.Push(Delta("dev-a", PresenceSignal.Ringing, deviceStamp));
        await scenario.WaitForAgentAsync(p => p.State == AgentState.OnCall, what: "the call");

        // At the user level: older (stale), the same (duplicate), same stamp and lower priority (a tie lost).
        scenario.Push(Delta(null, PresenceSignal.Available, userStamp.AddMilliseconds(-500)));
        scenario.Push(Delta(null, PresenceSignal.NotReady, userStamp));
        scenario.Push(Delta(null, PresenceSignal.Available, userStamp));

        // At the device: the same three, judged by the device grain.
        scenario.Push(Delta("dev-a", PresenceSignal.Online, deviceStamp.AddMilliseconds(-500)));
        scenario.Push(Delta("dev-a", PresenceSignal.Ringing, deviceStamp));
        scenario.Push(Delta("dev-a", PresenceSignal.Online, deviceStamp));

        var expected = new Dictionary<string, long>
        {
            ["applied user"] = 1, ["applied device"] = 1, ["discarded stale"] = 2, ["discarded duplicate"] = 2, ["discarded tie"] = 2,
        };
        await Eventually.HoldsAsync(() => Task.FromResult(counts.For(scenario.TenantId)), c => c.Values.Sum() >= 8, what: "eight deltas judged");
        Assert.Equal(expected.OrderBy(e => e.Key), counts.For(scenario.TenantId).OrderBy(e => e.Key));
    }

    private static DeltaReceived Delta(string? deviceId, PresenceSignal signal, DateTimeOffset stamp) =>
        new(DateTimeOffset.UtcNow, new PresenceDelta("agent-1", deviceId, signal, stamp), null);

    /// <summary>The applied and discarded counters of the silo in this process, by tenant and by their dimension.</summary>
    private sealed class TenantCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Tenant, string Key), long> _counts = new();

        public TenantCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PresenceTelemetry.Name && instrument.Name is PresenceMetrics.DeltasApplied or PresenceMetrics.DeltasDiscarded)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? tenant = null, dimension = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "tenant")
                    {
                        tenant = (string?)tag.Value;
                    }
                    else
                    {
                        dimension = (string?)tag.Value;
                    }
                }

                var verb = instrument.Name == PresenceMetrics.DeltasApplied ? "applied" : "discarded";
                _counts.AddOrUpdate((tenant!, $"{verb} {dimension}"), value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public Dictionary<string, long> For(string tenant) =>
            _counts.Where(c => c.Key.Tenant == tenant).ToDictionary(c => c.Key.Key, c => c.Value);

        public void Dispose() => _listener.Dispose();
    }
}
