using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// What the channel's health says, kept current in memory: the connection state, the recent disconnection windows and
/// each silo's latest anomaly totals. Building it touches no other grain, so health and readiness answer in constant
/// time at any tenant size.
/// </summary>
internal sealed class HealthView(string tenantId, string silo, TimeProvider time)
{
    /// <summary>How many recent windows the health shows (history keeps them all for its retention).</summary>
    public const int RecentWindows = 50;

    private readonly Queue<DisconnectionWindow> _recent = new();
    private readonly Dictionary<string, AgentAnomalies> _silos = new(StringComparer.Ordinal);

    public ChannelConnection Connection { get; set; } = ChannelConnection.Stopped;

    public Freshness Freshness => Connection switch
    {
        ChannelConnection.Connected => Freshness.Fresh,
        ChannelConnection.Stale => Freshness.Stale,
        _ => Freshness.Reconnecting,
    };

    public void AddWindow(DisconnectionWindow window)
    {
        _recent.Enqueue(window);
        while (_recent.Count > RecentWindows)
        {
            _recent.Dequeue();
        }
    }

    public void Report(string silo, AgentAnomalies totals) => _silos[silo] = totals;

    public ChannelHealth Build(ChannelStatus? status)
    {
        var agents = _silos.Values.Aggregate(AgentAnomalies.None, static (sum, a) => new AgentAnomalies(
            sum.StaleDeltas + a.StaleDeltas, sum.Duplicates + a.Duplicates, sum.TimestampTies + a.TimestampTies,
            sum.InversionsHeld + a.InversionsHeld, sum.CompositeDisagreements + a.CompositeDisagreements));
        var counters = status?.Counters;
        var anomalies = new ChannelAnomalies(
            counters?.Deltas ?? 0, counters?.Malformed ?? 0, counters?.SchemaInvalid ?? 0, counters?.Oversized ?? 0,
            counters?.Shed ?? 0, agents.StaleDeltas, agents.Duplicates, agents.InversionsHeld, agents.CompositeDisagreements,
            status?.TokenRefreshes ?? 0);
        return new ChannelHealth(
            tenantId, Connection, Freshness, status?.ConnectedSince, status?.LastHeartbeat,
            status?.ReconnectAttempts ?? 0, status?.Reconnects ?? 0, status?.TokenExpiresAt, anomalies, _recent.ToList(), time.GetUtcNow())
        {
            Silo = silo,
        };
    }
}
