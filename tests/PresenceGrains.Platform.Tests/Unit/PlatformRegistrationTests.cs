using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class PlatformRegistrationTests
{
    [Fact]
    public void The_factory_builds_one_client_per_registered_tenant_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BaseUrl"] = "http://127.0.0.1:5000/",
            ["ClientId"] = "presence-demo",
            ["ClientSecret"] = "presence-demo-secret",
            ["StaleThreshold"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSeedProtocolPlatform("demo", configuration);
        using var provider = services.BuildServiceProvider();

        var platform = Assert.IsType<SeedProtocolPlatform>(provider.GetRequiredService<IPresencePlatformFactory>().Create("demo"));

        Assert.Equal("demo", platform.TenantId);
        Assert.Equal(TimeSpan.FromSeconds(3), provider.GetRequiredService<IOptionsMonitor<PlatformOptions>>().Get("demo").StaleThreshold);
        Assert.Equal(ChannelState.Idle, platform.Status.State);
    }

    [Fact]
    public void An_unknown_tenant_gets_a_clear_error_naming_every_problem()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSeedProtocolPlatform("demo", o => { o.BaseUrl = new Uri("http://127.0.0.1:5000/"); o.ClientId = "c"; o.ClientSecret = "s"; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPresencePlatformFactory>().Create("other"));

        Assert.Contains("Platform options for tenant 'other': BaseUrl must be an absolute http or https address.", error.Failures);
        Assert.Contains("Platform options for tenant 'other': ClientId is required.", error.Failures);
        Assert.Contains(error.Failures, f => f.Contains("ClientSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSeedProtocolPlatform("demo", o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:5000/?access_token=x");
            o.ClientId = "c";
            o.ClientSecret = "s";
            o.BackPressureTimeout = TimeSpan.FromSeconds(4);
            o.SnapshotBatchSize = 51;
            o.AntiEntropyPeriod = TimeSpan.FromMilliseconds(500);
            o.AntiEntropyRestShare = 0.8;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("AntiEntropyPeriod must be zero (off) or at least one second", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("AntiEntropyRestShare must be above 0 and at most 0.5", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("must not carry a query", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("at most half of StaleThreshold", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("between 1 and 50", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_secret_store_registered_no_secret_is_needed_in_configuration()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClientSecretSource, VaultStandIn>();
        services.AddSeedProtocolPlatform("demo", o => { o.BaseUrl = new Uri("https://platform.example/"); o.ClientId = "c"; });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SeedProtocolPlatform>(provider.GetRequiredService<IPresencePlatformFactory>().Create("demo"));
    }

    private sealed class VaultStandIn : IClientSecretSource
    {
        public ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken) => ValueTask.FromResult("s");
    }
}
