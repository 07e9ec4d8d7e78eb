using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>Registers the seed-protocol client for the configured tenant, from <c>Presence:Platform</c>.</summary>
public static class PlatformRegistration
{
    public static void AddPresencePlatform(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PlatformSettings.Section);
        var tenant = section.Get<PlatformSettings>()?.TenantId ?? new PlatformSettings().TenantId;
        services.AddSeedProtocolPlatform(tenant, section);
    }
}
