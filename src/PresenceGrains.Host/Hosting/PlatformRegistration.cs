using Azure.Security.KeyVault.Secrets;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Secrets;
using PresenceGrains.Platform.Auth;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// Registers the platform client <c>Presence:Platform:Kind</c> names (the seed protocol or the Genesys Cloud adapter)
/// for the configured tenant, from <c>Presence:Platform</c>; with a Key Vault named there, the client secret comes from
/// the vault rather than from configuration. Nothing else in the service depends on which it is.
/// </summary>
public static class PlatformRegistration
{
    public static void AddPresencePlatform(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PlatformSettings.Section);
        var settings = section.Get<PlatformSettings>() ?? new PlatformSettings();
        if (settings.KeyVaultUri is { } vault)
        {
            services.AddSingleton<IClientSecretSource>(
                new KeyVaultClientSecretSource(new SecretClient(vault, AzureIdentity.Credential), settings.ClientSecretName));
        }

        if (settings.Kind == PlatformKind.GenesysCloud)
        {
            services.AddGenesysCloudPlatform(settings.TenantId, section);
        }
        else
        {
            services.AddSeedProtocolPlatform(settings.TenantId, section);
        }
    }
}
