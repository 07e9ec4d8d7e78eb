using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.GenesysCloud;
using PresenceGrains.Platform.Telemetry;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Genesys Cloud adapter for one tenant (one OAuth client of one organisation).</summary>
public static class GenesysCloudServiceCollectionExtensions
{
    /// <summary>
    /// Registers tenant <paramref name="tenantId"/> with options bound from <paramref name="section"/>: the Genesys keys
    /// (Region or LoginBaseUrl + ApiBaseUrl, PingPeriod, …) and, from the same section, the shared ones (ClientId,
    /// ClientSecret, StaleThreshold, RestRequestsPerSecond, …). Validated at start-up.
    /// </summary>
    public static IServiceCollection AddGenesysCloudPlatform(this IServiceCollection services, string tenantId, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddGenesysCloudPlatform(tenantId, options =>
        {
            section.Bind(options);
            section.Bind(options.Common);
        });
    }

    /// <summary>Registers tenant <paramref name="tenantId"/> with options set in code, validated at start-up.</summary>
    public static IServiceCollection AddGenesysCloudPlatform(this IServiceCollection services, string tenantId, Action<GenesysCloudOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<GenesysCloudOptions>(tenantId)
            .Configure(options =>
            {
                configure(options);
                options.Common.TenantId = tenantId;
                options.Common.BaseUrl = options.ResolvedApiBase;
            })
            .ValidateOnStart();

        services.AddHttpClient(GenesysCloudPlatformFactory.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PlatformMetrics>();
        services.TryAddSingleton<IPresencePlatformFactory, GenesysCloudPlatformFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenesysCloudOptions>, RegisteredOptionsValidator>());
        return services;
    }

    private sealed class RegisteredOptionsValidator(IClientSecretSource? secretSource = null) : IValidateOptions<GenesysCloudOptions>
    {
        private readonly GenesysCloudOptionsValidator _inner = new(secretFromConfiguration: secretSource is null);

        public ValidateOptionsResult Validate(string? name, GenesysCloudOptions options) => _inner.Validate(name, options);
    }
}
