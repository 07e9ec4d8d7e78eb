using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the seed-protocol platform client for one tenant (call once per tenant).</summary>
public static class SeedProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Registers tenant <paramref name="tenantId"/> with options bound from <paramref name="section"/> (BaseUrl, ClientId,
    /// ClientSecret, …), validated at start-up. Register an <see cref="IClientSecretSource"/> to take the secret from a
    /// secret store instead of configuration.
    /// </summary>
    public static IServiceCollection AddSeedProtocolPlatform(this IServiceCollection services, string tenantId, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddSeedProtocolPlatform(tenantId, section.Bind);
    }

    /// <summary>Registers tenant <paramref name="tenantId"/> with options set in code, validated at start-up.</summary>
    public static IServiceCollection AddSeedProtocolPlatform(this IServiceCollection services, string tenantId, Action<PlatformOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<PlatformOptions>(tenantId)
            .Configure(options =>
            {
                configure(options);
                options.TenantId = tenantId;
            })
            .ValidateOnStart();

        services.AddHttpClient(SeedProtocolPlatformFactory.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PlatformMetrics>();
        services.TryAddSingleton<IPresencePlatformFactory, SeedProtocolPlatformFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOptions>, RegisteredOptionsValidator>());
        return services;
    }

    /// <summary>The validator as DI builds it: the secret is required in configuration unless a secret store is registered.</summary>
    private sealed class RegisteredOptionsValidator(IClientSecretSource? secretSource = null) : IValidateOptions<PlatformOptions>
    {
        private readonly PlatformOptionsValidator _inner = new(secretFromConfiguration: secretSource is null);

        public ValidateOptionsResult Validate(string? name, PlatformOptions options) => _inner.Validate(name, options);
    }
}
