using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PresenceGrains.Abstractions;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;
using PresenceGrains.Host.Secrets;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests.Secrets;

/// <summary>Where the platform and its secret come from, as azd's settings give them.</summary>
public sealed class PlatformSettingsTests
{
    private const string VaultUri = "https://kv-presence.vault.azure.net/";

    [Fact]
    public void An_empty_base_url_is_unset_and_means_the_embedded_emulator()
    {
        var settings = Bind(new() { ["BaseUrl"] = "", ["KeyVaultUri"] = "", ["ClientId"] = "" });

        Assert.True(settings.IsEmbedded);
        SettingsValidation.ThrowIfInvalid(settings, PlatformSettings.Section);
    }

    [Fact]
    public void With_a_vault_named_the_secret_comes_from_it_and_none_is_needed_in_configuration()
    {
        var configuration = Configuration(new()
        {
            ["BaseUrl"] = "https://api.platform.test/",
            ["ClientId"] = "presence",
            ["KeyVaultUri"] = VaultUri,
        });
        SettingsValidation.ThrowIfInvalid(configuration.GetSection(PlatformSettings.Section).Get<PlatformSettings>()!, PlatformSettings.Section);
        var services = new ServiceCollection().AddLogging();
        services.AddPresencePlatform(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<KeyVaultClientSecretSource>(provider.GetRequiredService<IClientSecretSource>());
    }

    [Theory]
    [InlineData("http://kv-presence.vault.azure.net/", "platform-client-secret", "KeyVaultUri")]
    [InlineData(VaultUri, "platform_client_secret", "ClientSecretName")]
    public void A_bad_vault_setting_stops_start_up_naming_it(string vault, string secretName, string named)
    {
        var settings = Bind(new() { ["BaseUrl"] = "https://api.platform.test/", ["ClientId"] = "presence", ["KeyVaultUri"] = vault, ["ClientSecretName"] = secretName });

        var failure = Assert.Throws<InvalidSettingsException>(() => SettingsValidation.ThrowIfInvalid(settings, PlatformSettings.Section));

        Assert.Contains($"Presence:Platform:{named}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_default_an_empty_base_url_with_a_vault_runs_the_embedded_emulator_on_its_own_secret()
    {
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string?>
        {
            [$"{PlatformSettings.Section}:BaseUrl"] = "",
            [$"{PlatformSettings.Section}:KeyVaultUri"] = VaultUri,
        });

        Assert.NotNull(host.Emulator);
        Assert.Null(host.Services.GetService<IClientSecretSource>());
        await Wait.UntilAsync(
            () => host.Grains.GetGrain<IPlatformConnectorGrain>("demo").GetHealthAsync(),
            h => h.Connection == ChannelConnection.Connected, what: "the channel to the embedded emulator");
    }

    private static PlatformSettings Bind(Dictionary<string, string?> values) =>
        Configuration(values).GetSection(PlatformSettings.Section).Get<PlatformSettings>()!;

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => $"{PlatformSettings.Section}:{v.Key}", v => v.Value))
            .Build();
}
