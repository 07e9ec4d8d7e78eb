using System.Collections.Concurrent;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Client;

/// <summary>
/// Which agents the service watches, asked of <see cref="IWatchedAgentsGrain"/> (the API's own check) and remembered for
/// <see cref="PresenceClientOptions.KnownAgentTtl"/>: a routing question about a known agent costs one grain call, and
/// an unknown agent is refused before any agent grain is activated for it.
/// </summary>
internal sealed class KnownAgents(IGrainFactory grains, TimeProvider time, TimeSpan ttl)
{
    /// <summary>Past this many remembered agents the memory starts again: it only saves calls.</summary>
    private const int MaxRemembered = 1_000_000;

    private readonly ConcurrentDictionary<(string Tenant, string Agent), DateTimeOffset> _known = new();

    public async Task EnsureWatchedAsync(string tenantId, string agentId)
    {
        var key = (tenantId, agentId);
        var now = time.GetUtcNow();
        if (_known.TryGetValue(key, out var until) && now < until)
        {
            return;
        }

        switch (await grains.GetGrain<IWatchedAgentsGrain>(tenantId).FindAsync(agentId))
        {
            case WatchMembership.Watched:
                if (_known.Count >= MaxRemembered)
                {
                    _known.Clear();
                }

                _known[key] = now + ttl;
                return;
            case WatchMembership.TenantWatchesNothing:
                throw new PresenceTenantNotFoundException(tenantId);
            default:
                _known.TryRemove(key, out _);
                throw new PresenceAgentNotFoundException(tenantId, agentId);
        }
    }

    public async Task EnsureTenantAsync(string tenantId)
    {
        if (await grains.GetGrain<IWatchedAgentsGrain>(tenantId).CountAsync() == 0)
        {
            throw new PresenceTenantNotFoundException(tenantId);
        }
    }
}
