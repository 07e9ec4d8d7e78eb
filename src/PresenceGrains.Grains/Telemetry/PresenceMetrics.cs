using System.Diagnostics.Metrics;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// The grains' instruments (meter <see cref="PresenceTelemetry.Name"/>). Each delta is judged once, by its agent grain,
/// which keeps every source of the agent; the same judgements feed this silo's <see cref="AnomalyTally"/>.
/// </summary>
public sealed class PresenceMetrics
{
    public const string DeltasApplied = "presence.deltas.applied";
    public const string DeltasDiscarded = "presence.deltas.discarded";
    public const string InversionsHeld = "presence.inversions.held";
    public const string Agents = "presence.agents";
    public const string DeltaLatency = "presence.delta.latency";

    /// <summary>The sub-second promise lives in the first buckets; the hold window adds 500 ms to a lowering.</summary>
    private static readonly double[] LatencyBuckets = [5, 10, 25, 50, 100, 250, 500, 750, 1000, 1500, 2500, 5000, 10000];

    private readonly Counter<long> _applied;
    private readonly Counter<long> _discarded;
    private readonly Counter<long> _inversions;
    private readonly Histogram<double> _latency;

    private readonly AnomalyTally _tally;

    public PresenceMetrics(IMeterFactory meterFactory, AgentCensus census, AnomalyTally tally)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(tally);
        Census = census;
        _tally = tally;
        var meter = meterFactory.Create(PresenceTelemetry.Name);
        _applied = meter.CreateCounter<long>(
            DeltasApplied, "{delta}", "Deltas that replaced their source's state (per-source last writer wins), by source: user or device.");
        _discarded = meter.CreateCounter<long>(
            DeltasDiscarded, "{delta}", "Deltas dropped by last-writer-wins, by reason: stale (older than the cache), duplicate, tie (same time, lower priority).");
        _inversions = meter.CreateCounter<long>(
            InversionsHeld, "{inversion}", "Held changes (a lowering, a gain of routability) taken back within the hold window: an inversion never shown.");
        _latency = meter.CreateHistogram(
            DeltaLatency, "ms", "From the platform's lastUpdated of the change a delta caused to its publication on the streams.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableGauge(
            Agents, census.Observe, "{agent}", "Watched agents by published state and freshness, from the tenant directories on this silo; sum over silos for the cluster.");
    }

    /// <summary>The agents by state and freshness behind <see cref="Agents"/>.</summary>
    public AgentCensus Census { get; }

    internal void Judged(string tenantId, ApplyOutcome outcome, bool device)
    {
        var tenant = new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId);
        var reason = outcome switch
        {
            ApplyOutcome.Stale => "stale",
            ApplyOutcome.Duplicate => "duplicate",
            ApplyOutcome.TieLost => "tie",
            _ => null,
        };
        switch (outcome)
        {
            case ApplyOutcome.Stale:
                _tally.Stale(tenantId);
                break;
            case ApplyOutcome.Duplicate:
                _tally.Duplicate(tenantId);
                break;
            case ApplyOutcome.TieLost or ApplyOutcome.TieWon:
                _tally.Tie(tenantId);
                break;
        }

        if (reason is null)
        {
            _applied.Add(1, tenant, new KeyValuePair<string, object?>(TelemetryTags.SourceDimension, device ? "device" : "user"));
        }
        else
        {
            _discarded.Add(1, tenant, new KeyValuePair<string, object?>(TelemetryTags.ReasonDimension, reason));
        }
    }

    internal void Inverted(string tenantId, long count)
    {
        _tally.Inversions(tenantId, count);
        _inversions.Add(count, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));
    }

    /// <summary>The platform's own composite disagreed with ours (counted for the channel's health, not as a metric).</summary>
    internal void Disagreed(string tenantId, long count) => _tally.Disagreements(tenantId, count);

    /// <summary>A publication: its latency when a delta caused it (a snapshot or a decay has no platform moment to measure from).</summary>
    internal void Published(AgentPresence presence, DateTimeOffset now)
    {
        if (presence.Cause == ChangeCause.Delta)
        {
            _latency.Record(
                Math.Max(0, (now - presence.LastUpdated).TotalMilliseconds),
                new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, presence.TenantId));
        }
    }
}
