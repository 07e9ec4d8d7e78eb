using Orleans.Concurrency;

namespace PresenceGrains.Grains.Watch;

/// <summary>The head of a tenant's watched set (key: tenant id). Written only by the tenant's connector.</summary>
[Alias("PresenceGrains.IWatchHeadGrain")]
public interface IWatchHeadGrain : IGrainWithStringKey
{
    [AlwaysInterleave, Alias("ReadAsync")]
    Task<WatchHead> ReadAsync();

    [Alias("WriteAsync")]
    Task WriteAsync(WatchHead head);
}
