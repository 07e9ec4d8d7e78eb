using System.Collections.Concurrent;

namespace PresenceGrains.Grains.Watch;

/// <summary>
/// This silo's copy of every tenant's watched set, for the readers that need it on each request (the API's "is this
/// agent watched", the directory's fill). It asks the head grain at most once per <see cref="Revalidate"/> whether the
/// set changed and re-reads the chunks only then: an agent read costs no grain call, and no reader asks the connector.
/// </summary>
public sealed class WatchedSets(IGrainFactory grains, TimeProvider time)
{
    /// <summary>How stale a copy may be on a silo other than the connector's after a watch change.</summary>
    public static readonly TimeSpan Revalidate = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (WatchIndex Index, DateTimeOffset CheckedAt)> _tenants = new(StringComparer.Ordinal);

    public async ValueTask<WatchIndex> GetAsync(string tenantId)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenantId, out var known) && now - known.CheckedAt < Revalidate)
        {
            return known.Index;
        }

        var head = await grains.GetGrain<IWatchHeadGrain>(tenantId).ReadAsync();
        if (known.Index is { } index && index.Generation == head.Generation)
        {
            _tenants[tenantId] = (index, now);
            return index;
        }

        var (read, set) = await WatchStore.ReadAsync(grains, tenantId);
        var fresh = new WatchIndex(read.Generation, set);
        _tenants[tenantId] = (fresh, now);
        return fresh;
    }

    /// <summary>The set changed on this silo: the next read reloads it.</summary>
    public void Invalidate(string tenantId) => _tenants.TryRemove(tenantId, out _);
}
