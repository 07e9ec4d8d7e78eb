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
    public const string ChannelState = "presence.channel.state";
    public const string HeartbeatAge = "presence.channel.heartbeat.age";
    public const string DeltasShed = "presence.deltas.shed";
    public const string SnapshotsApplied = "presence.snapshots.applied";
    public const string CorrectionsSent = "presence.corrections.sent";
    public const string PublicationsReadBack = "presence.publications.read_back";
    public const string PublicationsOutranked = "presence.publications.outranked";
    public const string PublicationsStreamRefused = "presence.publications.stream_refused";

    /// <summary>Dimension of <see cref="Agents"/>: <c>true</c> or <c>false</c>.</summary>
    public const string RoutableDimension = "routable";

    /// <summary>Dimension of <see cref="DeltaLatency"/>: <c>raise</c>, <c>lowering</c> or <c>same</c> (<see cref="PublicationDirection"/>).</summary>
    public const string DirectionDimension = "direction";

    /// <summary>Dimension of <see cref="SnapshotsApplied"/>: <c>connect</c>, <c>reread</c>, <c>requested</c> or <c>platform</c>.</summary>
    public const string CauseDimension = "cause";

    /// <summary>The sub-second promise lives in the first buckets; the hold window adds 500 ms to a lowering.</summary>
    private static readonly double[] LatencyBuckets = [5, 10, 25, 50, 100, 250, 500, 750, 1000, 1500, 2500, 5000, 10000];

    private static readonly string[] CauseNames =
        [.. Enum.GetValues<SnapshotCause>().OrderBy(c => (int)c).Select(c => c.ToString().ToLowerInvariant())];

    private readonly Counter<long> _applied;
    private readonly Counter<long> _discarded;
    private readonly Counter<long> _inversions;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _snapshots;
    private readonly Counter<long> _corrections;
    private readonly Counter<long> _readBack;
    private readonly Counter<long> _outranked;
    private readonly Counter<long> _streamRefused;

    private readonly AnomalyTally _tally;

    public PresenceMetrics(IMeterFactory meterFactory, AgentCensus census, AnomalyTally tally, ActiveChannels channels)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(channels);
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
            Agents, census.Observe, "{agent}", "Watched agents by published state, freshness and routable, from the tenant directories on this silo; sum over silos for the cluster.");
        _snapshots = meter.CreateCounter<long>(
            SnapshotsApplied, "{agent}", "Agents read from REST and applied, by cause: connect, reread (after a silence), requested (re-activated agents), platform (ResnapshotRequired), retry (a call to the agent failed).");
        _corrections = meter.CreateCounter<long>(
            CorrectionsSent, "{correction}", "Corrections the platform accepted for agents whose state changed during a disconnection window.");
        _readBack = meter.CreateCounter<long>(
            PublicationsReadBack, "{publication}", "Publications the directory took by reading agents that answered the connector below what it listed (a later publication of their own came first, or another activation's is listed).");
        _outranked = meter.CreateCounter<long>(
            PublicationsOutranked, "{agent}", "Agents found publishing below what another activation of them published (a duplicate, or one on a dead silo), asked to publish again past it.");
        _streamRefused = meter.CreateCounter<long>(
            PublicationsStreamRefused, "{publication}", "Publications the tenant stream refused because its queue's silo could not be reached, or did not take within 500 ms, taken by the directory straight from the publishing silo.");
        meter.CreateObservableGauge(
            ChannelState, channels.ObserveState, "{state}", "The platform channel's connection (0 stopped, 1 connecting, 2 connected, 3 stale, 4 reconnecting; its name as state), from the connector on this silo.");
        meter.CreateObservableGauge(
            HeartbeatAge, channels.ObserveHeartbeatAge, "s", "Seconds since the platform's last heartbeat on the channel (since it was subscribed, before the first), from the connector on this silo.");
        meter.CreateObservableCounter(
            DeltasShed, channels.ObserveShed, "{delta}", "Deltas the platform client dropped because the grains fell behind; their agents were re-read from REST.");
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

    /// <summary>
    /// A publication: its latency when a delta caused it (a snapshot or a decay has no platform moment to measure from),
    /// returned so that the publication's span carries the same figure.
    /// </summary>
    internal double? Published(AgentPresence presence, PublicationDirection direction, DateTimeOffset now)
    {
        if (presence.Cause != ChangeCause.Delta)
        {
            return null;
        }

        var latency = Math.Max(0, (now - presence.LastUpdated).TotalMilliseconds);
        _latency.Record(
            latency,
            new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, presence.TenantId),
            new KeyValuePair<string, object?>(DirectionDimension, direction.Name()));
        return latency;
    }

    internal void SnapshotsTaken(string tenantId, SnapshotCause cause, int agents) =>
        _snapshots.Add(
            agents,
            new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId),
            new KeyValuePair<string, object?>(CauseDimension, CauseNames[(int)cause]));

    internal void ReadBack(string tenantId, int publications) =>
        _readBack.Add(publications, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));

    internal void StreamRefused(string tenantId, int publications) =>
        _streamRefused.Add(publications, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));

    internal void Outranked(string tenantId, int agents) =>
        _outranked.Add(agents, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));

    internal void CorrectionsAccepted(string tenantId, int corrections) =>
        _corrections.Add(corrections, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));
}
