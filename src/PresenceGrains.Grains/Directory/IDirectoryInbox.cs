namespace PresenceGrains.Grains.Directory;

/// <summary>Notices to a tenant's directory from the connector. Key: tenant id.</summary>
public interface IDirectoryInbox : IGrainWithStringKey
{
    /// <summary>The watched set changed: agents no longer watched leave the list, new ones join it.</summary>
    Task WatchChangedAsync();
}
