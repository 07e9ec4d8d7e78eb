using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;
using PresenceGrains.Platform;
using PresenceGrains.Platform.GenesysCloud;

namespace PresenceGrains.Service.Tests.Genesys;

/// <summary><c>Presence:Platform:Kind</c> and the Genesys settings: one setting picks the client, bad values are named.</summary>
public sealed class GenesysSettingsTests
{
    [Theory]
    [InlineData("mypurecloud.com", "https://login.mypurecloud.com/", "https://api.mypurecloud.com/")]
    [InlineData("mypurecloud.ie", "https://login.mypurecloud.ie/", "https://api.mypurecloud.ie/")]
    [InlineData("usw2.pure.cloud", "https://login.usw2.pure.cloud/", "https://api.usw2.pure.cloud/")]
    public void A_region_gives_the_login_and_api_hosts_and_the_genesys_client(string region, string login, string api)
    {
        var configuration = Configuration(new() { ["Kind"] = "GenesysCloud", ["Region"] = region, ["ClientId"] = "presence", ["ClientSecret"] = "s3cret-value" });
        SettingsValidation.ThrowIfInvalid(Bind(configuration), PlatformSettings.Section);
        var services = new ServiceCollection().AddLogging();
        services.AddPresencePlatform(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<GenesysCloudOptions>>().Get("demo");

        Assert.Equal((new Uri(login), new Uri(api)), (options.ResolvedLoginBase, options.ResolvedApiBase));
        Assert.Equal("GenesysCloudPlatformFactory", provider.GetRequiredService<IPresencePlatformFactory>().GetType().Name);
    }

    [Theory]
    [InlineData("Region", "", "Presence:Platform:Region")]
    [InlineData("Region", "not a region", "Presence:Platform:Region")]
    [InlineData("BaseUrl", "https://api.platform.test/", "Presence:Platform:BaseUrl")]
    [InlineData("ClientId", "", "Presence:Platform:ClientId")]
    [InlineData("ClientSecret", "", "Presence:Platform needs ClientSecret")]
    [InlineData("LoginBaseUrl", "http://127.0.0.1:1/genesys/login/", "Presence:Platform:Region")]
    public void A_bad_or_missing_genesys_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        var values = new Dictionary<string, string?> { ["Kind"] = "GenesysCloud", ["Region"] = "mypurecloud.com", ["ClientId"] = "presence", ["ClientSecret"] = "s3cret-value" };
        values[key] = value;

        var failure = Assert.Throws<InvalidSettingsException>(() => SettingsValidation.ThrowIfInvalid(Bind(Configuration(values)), PlatformSettings.Section));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_login_and_api_bases_replace_the_region()
    {
        var settings = Bind(Configuration(new()
        {
            ["Kind"] = "GenesysCloud",
            ["LoginBaseUrl"] = "http://127.0.0.1:1/genesys/login/",
            ["ApiBaseUrl"] = "http://127.0.0.1:1/genesys/api/",
            ["ClientId"] = "presence",
            ["ClientSecret"] = "s3cret-value",
        }));

        SettingsValidation.ThrowIfInvalid(settings, PlatformSettings.Section);
        Assert.False(settings.IsEmbedded);
    }

    [Fact]
    public void The_seed_protocol_stays_the_default()
    {
        var settings = Bind(Configuration(new() { ["BaseUrl"] = "" }));

        Assert.Equal((PlatformKind.Seed, true), (settings.Kind, settings.IsEmbedded));
    }

    private static PlatformSettings Bind(IConfiguration configuration) =>
        configuration.GetSection(PlatformSettings.Section).Get<PlatformSettings>()!;

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => $"{PlatformSettings.Section}:{v.Key}", v => v.Value))
            .Build();
}
