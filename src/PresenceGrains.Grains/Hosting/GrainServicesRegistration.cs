using Microsoft.Extensions.DependencyInjection.Extensions;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Grains.Watch;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What every silo that hosts the presence grains needs beside them: the storage serializer, instruments, tallies, the watched-set copy, the stream publisher.</summary>
public static class GrainServicesRegistration
{
    public static IServiceCollection AddPresenceGrainServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPresenceTelemetry();
        services.AddPresenceStorageSerializer();
        services.TryAddSingleton<WatchedSets>();
        services.TryAddSingleton<TenantPublisher>();
        services.TryAddSingleton<ConnectorPulse>();
        services.AddHostedService<AnomalyReporter>();
        return services;
    }
}
