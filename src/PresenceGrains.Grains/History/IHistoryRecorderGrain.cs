using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>A tenant's history writer. Key: tenant id.</summary>
public interface IHistoryRecorderGrain : IGrainWithStringKey
{
    /// <summary>Stores a closed disconnection window for the tenant's history.</summary>
    Task RecordWindowAsync(DisconnectionWindow window);
}
