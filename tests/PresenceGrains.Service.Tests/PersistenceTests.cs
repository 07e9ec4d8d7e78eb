using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using PresenceGrains.Abstractions;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>The service on Azure Storage (Azurite): what it knows survives a restart of the host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PersistenceTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task After_a_restart_resolved_state_watched_set_reminders_and_history_are_back()
    {
        await using var emulator = await StandaloneEmulator.StartAsync();
        var settings = StandaloneEmulator.PlatformSettings(emulator);
        settings["Presence:Storage:ConnectionString"] = fixture.Azurite.ConnectionString;
        settings["Presence:Cluster:ClusterId"] = "restart-" + Guid.NewGuid().ToString("N")[..8];
        settings["Presence:Cluster:ServiceId"] = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var watch = new WatchSet(emulator.Centre.Agents.Select(a => new WatchedAgent(a.AgentId, a.DeviceIds.ToList())).ToList());
        var agentId = watch.Agents[0].AgentId;

        AgentPresence before;
        long historyBefore;
        var host = await RunningHost.StartAsync(settings);
        await using (host)
        {
            await host.Grains.GetGrain<IPlatformConnectorGrain>("demo").SetWatchAsync(watch);
            before = await Wait.UntilAsync(
                () => host.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose("demo", agentId)).GetAsync(),
                p => p.Sequence >= 2, what: "the agent resolved and changed at least once");

            // A channel drop leaves a disconnection window in history.
            emulator.DropAllSockets();
            await Wait.UntilAsync(
                () => host.Grains.GetGrain<IPlatformConnectorGrain>("demo").GetDisconnectionsAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow),
                w => w.Count > 0, what: "a disconnection window");

            // Freeze the platform so that what the restarted host shows can only come from storage.
            emulator.Centre.StopSimulation();
            var truth = ExpectedComposite.Of(emulator.Centre.Truth(agentId)!);
            before = await Wait.UntilAsync(
                () => host.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose("demo", agentId)).GetAsync(),
                p => p.State == truth && p.Freshness == Freshness.Fresh, what: "the agent settled on the frozen truth");
            using var client = await host.ClientAsync();
            // History is written from the tenant stream (Azure queues here), a moment after publication.
            var recorded = await Wait.UntilAsync(
                () => HistoryAsync(client, agentId),
                h => h.GetProperty("transitions").GetArrayLength() > 0 && h.GetProperty("disconnections").GetArrayLength() > 0,
                what: "transitions and the window in history");
            historyBefore = recorded.GetProperty("transitions").GetArrayLength();
        }

        Assert.True(await HasReminderAsync(fixture.Azurite.ConnectionString, "connector-keepalive"), "the connector's reminder is in the reminder table");

        var restarted = await RunningHost.StartAsync(settings);
        await using (restarted)
        {
            var watched = await restarted.Grains.GetGrain<IPlatformConnectorGrain>("demo").GetWatchAsync();
            Assert.Equal(watch.Agents.Select(a => a.AgentId), watched.Agents.Select(a => a.AgentId));

            var after = await restarted.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose("demo", agentId)).GetAsync();
            Assert.Equal(before.State, after.State);
            Assert.True(after.Sequence >= before.Sequence, $"sequence went back from {before.Sequence} to {after.Sequence}");

            using var client = await restarted.ClientAsync();
            var history = await HistoryAsync(client, agentId);
            Assert.True(history.GetProperty("transitions").GetArrayLength() >= historyBefore);
            Assert.True(history.GetProperty("disconnections").GetArrayLength() > 0, "the disconnection window survived the restart");

            // The restarted connector is back on the channel without anyone asking it to start.
            await Wait.UntilAsync(() => Task.FromResult(emulator.OpenSockets), n => n == 1, what: "one channel open again");
        }
    }

    // Since yesterday covers the whole test. Agent history is read one day partition at a time, so a period from 2000 was
    // about 9,800 sequential table queries: close to 30 s on a busy machine's Azurite, the HTTP client's timeout.
    private static async Task<JsonElement> HistoryAsync(HttpClient client, string agentId) =>
        await client.GetFromJsonAsync<JsonElement>(
            $"/api/tenants/demo/agents/{agentId}/history?from={DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-ddTHH:mm:ssZ}");

    private static async Task<bool> HasReminderAsync(string connectionString, string reminderName)
    {
        var service = new TableServiceClient(connectionString);
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.Contains("Reminder", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                if (row.Select(p => p.Value).OfType<string>().Any(v => v == reminderName))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
