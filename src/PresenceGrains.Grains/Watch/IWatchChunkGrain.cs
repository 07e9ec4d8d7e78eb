using Orleans.Concurrency;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>
/// One chunk of a tenant's watched set (key <c>tenant/generation/index</c>): a stored row of its own, far below the
/// ~1 MB an Azure Table entity holds, however large the tenant.
/// </summary>
[Alias("PresenceGrains.IWatchChunkGrain")]
public interface IWatchChunkGrain : IGrainWithStringKey
{
    [AlwaysInterleave, Alias("ReadAsync")]
    Task<WatchedAgent[]> ReadAsync();

    [Alias("WriteAsync")]
    Task WriteAsync(WatchedAgent[] agents);

    [Alias("ClearAsync")]
    Task ClearAsync();
}
