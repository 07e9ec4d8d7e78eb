using Microsoft.Extensions.DependencyInjection.Extensions;
using PresenceGrains.Grains.Telemetry;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the grains' instruments; a silo that hosts agent, directory and connector grains needs them.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddPresenceTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AgentCensus>();
        services.TryAddSingleton<AnomalyTally>();
        services.TryAddSingleton<ActiveChannels>();
        services.TryAddSingleton<PresenceMetrics>();
        return services;
    }
}
