using PresenceGrains.Host.Configuration;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>A bad setting stops the host before anything starts, with a message naming it and holding no secret.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=not*base64;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;")]
    [InlineData("AccountName=x;AccountKey=secret-key-material")]
    public async Task A_malformed_storage_connection_string_is_refused_by_name(string connectionString)
    {
        var error = await Assert.ThrowsAsync<InvalidSettingsException>(() =>
            RunningHost.StartAsync(new Dictionary<string, string?> { ["Presence:Storage:ConnectionString"] = connectionString }));

        Assert.Contains("Presence:Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-material", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("02:00:00")]
    public async Task A_minimum_reminder_period_out_of_range_is_refused_by_name(string period)
    {
        var error = await Assert.ThrowsAsync<InvalidSettingsException>(() =>
            RunningHost.StartAsync(new Dictionary<string, string?> { ["Presence:Cluster:MinimumReminderPeriod"] = period }));

        Assert.Contains("Presence:Cluster:MinimumReminderPeriod", error.Message, StringComparison.Ordinal);
    }
}
