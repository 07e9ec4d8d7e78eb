using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.History;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>History on Azure Tables (Azurite): batches, numbering, an agent's period across days, and rows an earlier version wrote.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TablePresenceHistoryTests(AzuriteFixture fixture)
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 1, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_of_many_agents_across_midnight_reads_back_per_agent_and_in_the_feed()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var history = new TablePresenceHistory(new TableServiceClient(fixture.Azurite.ConnectionString));
        var events = Enumerable.Range(1, 250)
            .Select(i => new PresenceEvent(i, Presence(tenant, $"agent/{i % 5}", Evening.AddSeconds(i))))
            .ToList();

        await history.AppendAsync(tenant, events);

        Assert.Equal(250, await history.GetLastEventIdAsync(tenant));
        Assert.Equal(events.Select(e => e.Id), (await history.ReadFeedAsync(tenant, 0, 1000)).Select(e => e.Id));
        var agent = await history.ReadAgentAsync(tenant, "agent/3", Evening, Evening.AddHours(1));
        Assert.Equal(events.Where(e => e.Presence.AgentId == "agent/3").Select(e => e.Id), agent.Select(e => e.Id));
        Assert.Contains(agent, e => e.Presence.LastUpdated.Day == 1);
        Assert.Contains(agent, e => e.Presence.LastUpdated.Day == 2);
        var window = await history.ReadAgentAsync(tenant, "agent/3", Evening.AddSeconds(100), Evening.AddSeconds(120));
        Assert.Equal([103L, 108, 113, 118], window.Select(e => e.Id));
    }

    [Fact]
    public async Task The_last_id_counts_stored_events_above_a_trailing_last_id_row()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        var history = new TablePresenceHistory(tables);
        await history.AppendAsync(tenant, [.. Enumerable.Range(1, 120).Select(i => new PresenceEvent(i, Presence(tenant, "agent-1", Evening.AddSeconds(i))))]);

        // Batches stored side by side: an older batch's last-id row may land after a newer batch's rows.
        await tables.GetTableClient("PresenceFeed").UpsertEntityAsync(new TableEntity(tenant, "~last") { ["Id"] = 60L });

        Assert.Equal(120, await history.GetLastEventIdAsync(tenant));
    }

    [Fact]
    public async Task An_agents_history_written_by_the_previous_version_is_still_read_and_pruned()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        var legacy = tables.GetTableClient("PresenceAgentHistory");
        await legacy.CreateIfNotExistsAsync();
        var old = Presence(tenant, "agent-1", Evening.AddDays(-1));
        await legacy.AddEntityAsync(new TableEntity($"{tenant}|agent-1", 7L.ToString("D19", CultureInfo.InvariantCulture))
        {
            ["Id"] = 7L,
            ["AgentId"] = "agent-1",
            ["At"] = old.LastUpdated,
            ["Json"] = JsonSerializer.Serialize(old, HistoryJsonOptions()),
        });
        var history = new TablePresenceHistory(tables);
        await history.AppendAsync(tenant, [new PresenceEvent(8, Presence(tenant, "agent-1", Evening))]);

        var read = await history.ReadAgentAsync(tenant, "agent-1", Evening.AddDays(-2), Evening.AddHours(1));
        Assert.Equal([7L, 8L], read.Select(e => e.Id));

        await history.PruneAsync(tenant, Evening.AddHours(-1));
        Assert.Equal([8L], (await history.ReadAgentAsync(tenant, "agent-1", Evening.AddDays(-2), Evening.AddHours(1))).Select(e => e.Id));
    }

    private static AgentPresence Presence(string tenant, string agentId, DateTimeOffset at) =>
        new(tenant, agentId, AgentState.Available, true, Freshness.Fresh, at, at, ChangeCause.Delta, 1, []);

    // The stored JSON of a publication, as the previous version wrote it: the API's shape.
    private static JsonSerializerOptions HistoryJsonOptions() => new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
