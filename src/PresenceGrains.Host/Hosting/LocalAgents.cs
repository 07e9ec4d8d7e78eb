using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// The agent grains of one tenant active on this silo, found through Orleans' management statistics: the connector that
/// tells agents of the channel may be the one that is gone, so this silo reaches its own agents itself.
/// </summary>
public sealed class LocalAgents(IGrainFactory grains, ILocalSiloDetails silo)
{
    /// <summary>Calls in flight at once, so that a silo with many agents does not queue them all at one moment.</summary>
    private const int Parallelism = 256;

    private static readonly string AgentGrainType = typeof(AgentGrain).FullName!;

    /// <summary>The ids (without tenant) of this tenant's agents active on this silo now.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string tenantId)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, [silo.SiloAddress]);
        return statistics
            .Where(s => s.GrainType.Contains(AgentGrainType, StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString())
            .Where(key => key is not null && key.StartsWith(tenantId + "/", StringComparison.Ordinal))
            .Select(key => PresenceKeys.Split(key!).Id)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Tells these agents the channel is Reconnecting: they stop being routable, and keep what they hold.</summary>
    public async Task MarkReconnectingAsync(string tenantId, IReadOnlyList<string> agentIds)
    {
        foreach (var chunk in agentIds.Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(id =>
                grains.GetGrain<IAgentInbox>(PresenceKeys.Compose(tenantId, id)).SetFreshnessAsync(Freshness.Reconnecting)));
        }
    }

    /// <summary>
    /// Of these agents, asks the connector to re-read from REST those still not Fresh: their Reconnecting may have reached
    /// them after the new channel's connect snapshot had made them Fresh.
    /// </summary>
    public async Task RepairAsync(string tenantId, IReadOnlyList<string> agentIds)
    {
        var stale = new List<string>();
        foreach (var chunk in agentIds.Chunk(Parallelism))
        {
            var reads = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(tenantId, id)).GetAsync()));
            stale.AddRange(reads.Where(p => p.Freshness != Freshness.Fresh).Select(p => p.AgentId));
        }

        if (stale.Count > 0)
        {
            await grains.GetGrain<IConnectorInbox>(tenantId).RequestSnapshotAsync(stale);
        }
    }
}
