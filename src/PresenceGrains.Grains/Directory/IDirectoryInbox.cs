using Orleans.Concurrency;

namespace PresenceGrains.Grains.Directory;

/// <summary>Notices to a tenant's directory from the connector, one-way. Key: tenant id.</summary>
[Alias("PresenceGrains.IDirectoryInbox")]
public interface IDirectoryInbox : IGrainWithStringKey
{
    /// <summary>The watched set changed: agents no longer watched leave the list, new ones join it.</summary>
    [OneWay, AlwaysInterleave, Alias("WatchChangedAsync")]
    Task WatchChangedAsync();
}
