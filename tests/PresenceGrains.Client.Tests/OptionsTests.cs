using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceGrains.Client;

namespace PresenceGrains.Client.Tests;

/// <summary>Bad client settings stop the set-up with a message naming the setting; good ones pass.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("ConnectionString", "", "Presence:Client:ConnectionString")]
    [InlineData("ConnectionString", "not a connection string", "Presence:Client:ConnectionString")]
    [InlineData("GatewayPort", "70000", "Presence:Client:GatewayPort")]
    [InlineData("ClusterId", "Has Capitals", "Presence:Client:ClusterId")]
    [InlineData("ServiceId", "", "Presence:Client:ServiceId")]
    [InlineData("FeedCapacity", "1", "Presence:Client:FeedCapacity")]
    [InlineData("ConnectTimeout", "00:00:00", "Presence:Client:ConnectTimeout")]
    [InlineData("FeedRepairPeriod", "00:00:00", "Presence:Client:FeedRepairPeriod")]
    [InlineData("FeedRepairWindow", "-00:00:01", "Presence:Client:FeedRepairWindow")]
    [InlineData("FeedRepairWindow", "02:00:00", "Presence:Client:FeedRepairWindow")]
    public void A_bad_setting_is_refused_by_name_when_the_client_is_configured(string key, string value, string named)
    {
        var configuration = Configuration(new() { [$"Presence:Client:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddPresenceClient(configuration));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_string_is_not_repeated_in_the_error()
    {
        const string secret = "AccountKey=c2VjcmV0;Nonsense";
        var configuration = Configuration(new() { ["Presence:Client:ConnectionString"] = secret });

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddPresenceClient(configuration));

        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ConnectionString", "Memory")]
    [InlineData("ConnectionString", "UseDevelopmentStorage=true")]
    [InlineData("GatewayPort", "31000")]
    [InlineData("FeedRepairWindow", "00:00:00")]
    public void Good_settings_register_the_client(string? key, string? value)
    {
        var settings = new Dictionary<string, string?>();
        if (key is not null)
        {
            settings[$"Presence:Client:{key}"] = value;
        }

        var services = new ServiceCollection().AddPresenceClient(Configuration(settings));

        Assert.Contains(services, s => s.ServiceType == typeof(IPresenceClient));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
