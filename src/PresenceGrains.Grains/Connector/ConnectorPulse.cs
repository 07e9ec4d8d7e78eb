using System.Collections.Concurrent;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// This silo's latest word from each tenant's connector, kept by the connector watchdog of a cluster and laid over every
/// read served here. When the connector's silo dies, nobody is left to tell the agents that their channel is gone: they
/// keep publishing Fresh and routable while the truth moves on, until membership declares the silo dead and a new
/// connector says Reconnecting; and after a graceful move, the new connector's Reconnecting reaches thousands of agents
/// over seconds. So a read on this silo, while the connector has not answered within its lease, has failed to answer or
/// answers from another silo than before, shows Reconnecting and not routable; and once lost, until the connector
/// answers Connected again (the new channel's first snapshot of every agent). Reads only: it publishes nothing, so it costs nothing at any
/// tenant size, and it can only ever take routability away.
/// </summary>
public sealed class ConnectorPulse(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Beat> _beats = new(StringComparer.Ordinal);

    /// <summary>
    /// The connector answered from <paramref name="silo"/> with its channel in <paramref name="connection"/>; its word
    /// holds for <paramref name="validFor"/>.
    /// </summary>
    public void Renew(string tenantId, ChannelConnection connection, string? silo, TimeSpan validFor)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var now = time.GetUtcNow();
        _beats.AddOrUpdate(
            tenantId,
            static (_, a) => new Beat(a.Now + a.ValidFor, Lost: false, a.Silo, Recoveries: 0),
            static (_, known, a) =>
            {
                // Heard again after a silence, or from another silo (the connector moved): a connector that answers
                // without a connected channel is the new one, still re-reading, and the agents it has not reached yet
                // hold what the old channel last told them.
                var moved = known.Silo is not null && a.Silo is not null && !string.Equals(known.Silo, a.Silo, StringComparison.Ordinal);
                var wasLost = known.Lost || a.Now > known.ValidUntil || moved;
                var lost = wasLost && a.Connection != ChannelConnection.Connected;
                return new Beat(a.Now + a.ValidFor, lost, a.Silo ?? known.Silo, known.Recoveries + (wasLost && !lost ? 1 : 0));
            },
            (Now: now, ValidFor: validFor, Connection: connection, Silo: silo));
    }

    /// <summary>A call to the connector failed: its silo is gone, or going.</summary>
    public void Lapse(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        _beats.AddOrUpdate(tenantId, static _ => new Beat(DateTimeOffset.MinValue, Lost: true, Silo: null, Recoveries: 0), static (_, known) => known with { Lost = true });
    }

    /// <summary>
    /// The connector said its channel closed (it is moving to another silo, or stopping): lost at once, not at the next
    /// check, until it answers Connected again. Nothing on a silo whose pulse nobody keeps (one process, no watchdog),
    /// where no answer would ever restore trust.
    /// </summary>
    public void Interrupt(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        while (_beats.TryGetValue(tenantId, out var known) && !known.Lost && !_beats.TryUpdate(tenantId, known with { Lost = true }, known))
        {
        }
    }

    /// <summary>Whether reads of the tenant on this silo must not trust a Fresh agent now.</summary>
    public bool IsLost(string tenantId) =>
        _beats.TryGetValue(tenantId, out var beat) && (beat.Lost || time.GetUtcNow() > beat.ValidUntil);

    /// <summary>
    /// How many times the tenant's connector was trusted again after a loss: a reader that keeps publications (the
    /// directory) reads every agent again after one, since publications made around a silo's death can be lost with the
    /// stream queues it held.
    /// </summary>
    public long Recoveries(string tenantId) => _beats.TryGetValue(tenantId, out var beat) ? beat.Recoveries : 0;

    /// <summary>The presence a reader on this silo should see: a Fresh one turns Reconnecting and not routable while the connector is lost.</summary>
    public AgentPresence Over(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return presence.Freshness == Freshness.Fresh && IsLost(presence.TenantId)
            ? presence with { Freshness = Freshness.Reconnecting, Routable = false }
            : presence;
    }

    private sealed record Beat(DateTimeOffset ValidUntil, bool Lost, string? Silo, long Recoveries);
}
