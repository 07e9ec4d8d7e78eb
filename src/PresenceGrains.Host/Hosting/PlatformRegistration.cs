using Azure.Security.KeyVault.Secrets;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Secrets;
using PresenceGrains.Platform.Auth;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// Registers the seed-protocol client for the configured tenant, from <c>Presence:Platform</c>; with a Key Vault named
/// there, the client secret comes from the vault rather than from configuration.
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

        services.AddSeedProtocolPlatform(settings.TenantId, section);
    }
}
