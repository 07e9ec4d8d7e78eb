using System.Collections.Concurrent;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// This silo's anomaly counts per tenant, added to as agents judge deltas. The connector's health view sums the
/// silos' reports, so reading a tenant's anomalies costs no call to any agent.
/// </summary>
public sealed class AnomalyTally
{
    private readonly ConcurrentDictionary<string, Counts> _tenants = new(StringComparer.Ordinal);

    internal void Stale(string tenantId) => Interlocked.Increment(ref For(tenantId).StaleDeltas);

    internal void Duplicate(string tenantId) => Interlocked.Increment(ref For(tenantId).Duplicates);

    internal void Tie(string tenantId) => Interlocked.Increment(ref For(tenantId).TimestampTies);

    internal void Inversions(string tenantId, long count) => Interlocked.Add(ref For(tenantId).InversionsHeld, count);

    internal void Disagreements(string tenantId, long count) => Interlocked.Add(ref For(tenantId).CompositeDisagreements, count);

    /// <summary>Every tenant's totals on this silo since it started.</summary>
    public IReadOnlyList<(string TenantId, AgentAnomalies Totals)> Read() =>
        _tenants.Select(t => (t.Key, t.Value.ToAnomalies())).ToList();

    private Counts For(string tenantId) => _tenants.GetOrAdd(tenantId, static _ => new Counts());

    private sealed class Counts
    {
        public long StaleDeltas;
        public long Duplicates;
        public long TimestampTies;
        public long InversionsHeld;
        public long CompositeDisagreements;

        public AgentAnomalies ToAnomalies() => new(
            Interlocked.Read(ref StaleDeltas), Interlocked.Read(ref Duplicates), Interlocked.Read(ref TimestampTies),
            Interlocked.Read(ref InversionsHeld), Interlocked.Read(ref CompositeDisagreements));
    }
}
