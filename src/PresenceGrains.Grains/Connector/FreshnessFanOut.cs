using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Tells every watched agent of the channel's freshness, once per channel change (design §3): a bounded number of calls
/// in flight, so a 100,000-agent tenant does not put 100,000 messages on the silo at once.
/// </summary>
internal sealed class FreshnessFanOut(IGrainFactory grains, string tenantId)
{
    public const int Parallelism = 512;

    public async Task BroadcastAsync(IEnumerable<string> agentIds, Freshness freshness)
    {
        foreach (var chunk in agentIds.Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(id => grains.GetGrain<IAgentInbox>(PresenceKeys.Compose(tenantId, id)).SetFreshnessAsync(freshness)));
        }
    }
}
