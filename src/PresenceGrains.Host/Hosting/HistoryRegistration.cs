using PresenceGrains.Grains.History;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>Chooses the history store that goes with the storage: memory for the embedded default, Azure Tables otherwise.</summary>
public static class HistoryRegistration
{
    public static void AddPresenceHistory(this IServiceCollection services, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.IsMemory)
        {
            services.AddSingleton<IPresenceHistory, MemoryPresenceHistory>();
        }
        else
        {
            services.AddSingleton<IPresenceHistory>(_ => new TablePresenceHistory(SiloSetup.CreateTableClient(storage)));
        }
    }
}
