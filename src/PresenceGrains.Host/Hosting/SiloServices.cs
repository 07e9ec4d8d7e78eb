using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>What the grains need from the container: a clock, their instruments, the platform client and the history store.</summary>
public static class SiloServices
{
    public static void AddPresenceSiloServices(this IServiceCollection services, IConfiguration configuration, StorageSettings storage)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPresenceGrainServices();
        services.AddPresencePlatform(configuration);
        services.AddPresenceHistory(storage);
    }
}
