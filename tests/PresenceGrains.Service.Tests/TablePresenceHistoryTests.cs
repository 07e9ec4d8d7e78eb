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
        await tables.GetTableClient("PresenceFeedBatches").UpsertEntityAsync(new TableEntity(tenant, "~last") { ["LastId"] = 60L });

        Assert.Equal(120, await history.GetLastEventIdAsync(tenant));
    }

    [Fact]
    public async Task An_agents_history_written_by_the_previous_version_is_still_read_and_pruned()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        var legacy = tables.GetTableClient("PresenceAgentHistory");
        await legacy.CreateIfNotExistsAsync();
        await legacy.AddEntityAsync(LegacyRow($"{tenant}|agent-1", 7, Presence(tenant, "agent-1", Evening.AddDays(-1))));
        var history = new TablePresenceHistory(tables);
        await history.AppendAsync(tenant, [new PresenceEvent(8, Presence(tenant, "agent-1", Evening))]);

        var read = await history.ReadAgentAsync(tenant, "agent-1", Evening.AddDays(-2), Evening.AddHours(1));
        Assert.Equal([7L, 8L], read.Select(e => e.Id));

        await history.PruneAsync(tenant, Evening.AddHours(-1));
        Assert.Equal([8L], (await history.ReadAgentAsync(tenant, "agent-1", Evening.AddDays(-2), Evening.AddHours(1))).Select(e => e.Id));
    }

    [Fact]
    public async Task The_feed_reads_from_inside_a_stored_batch_and_stops_at_the_most_asked_for()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var history = new TablePresenceHistory(new TableServiceClient(fixture.Azurite.ConnectionString));
        await history.AppendAsync(tenant, [.. Enumerable.Range(1, 99).Select(i => new PresenceEvent(i, Presence(tenant, $"agent-{i % 7}", Evening.AddSeconds(i))))]);
        await history.AppendAsync(tenant, [.. Enumerable.Range(100, 50).Select(i => new PresenceEvent(i, Presence(tenant, $"agent-{i % 7}", Evening.AddSeconds(i))))]);

        Assert.Equal(Enumerable.Range(51, 30).Select(i => (long)i), (await history.ReadFeedAsync(tenant, 50, 30)).Select(e => e.Id));
        Assert.Equal(Enumerable.Range(96, 54).Select(i => (long)i), (await history.ReadFeedAsync(tenant, 95, 1000)).Select(e => e.Id));
        Assert.Empty(await history.ReadFeedAsync(tenant, 149, 1000));
        var read = (await history.ReadFeedAsync(tenant, 0, 1000))[120];
        Assert.Equal(JsonSerializer.Serialize(Presence(tenant, "agent-2", Evening.AddSeconds(121))), JsonSerializer.Serialize(read.Presence));
    }

    [Fact]
    public async Task A_feed_written_an_event_to_a_row_by_the_previous_version_is_read_before_the_batches_and_counted_in_the_last_id()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        var legacy = tables.GetTableClient("PresenceFeed");
        await legacy.CreateIfNotExistsAsync();
        foreach (var id in new long[] { 1, 2, 3 })
        {
            await legacy.AddEntityAsync(LegacyRow(tenant, id, Presence(tenant, "agent-1", Evening.AddDays(-2).AddSeconds(id))));
        }

        await legacy.UpsertEntityAsync(new TableEntity(tenant, "~last") { ["Id"] = 3L });
        var history = new TablePresenceHistory(tables);
        Assert.Equal(3, await history.GetLastEventIdAsync(tenant));

        await history.AppendAsync(tenant, [new PresenceEvent(4, Presence(tenant, "agent-1", Evening))]);

        Assert.Equal(4, await history.GetLastEventIdAsync(tenant));
        Assert.Equal([2L, 3L, 4L], (await history.ReadFeedAsync(tenant, 1, 10)).Select(e => e.Id));
        Assert.Equal([2L, 3L], (await history.ReadFeedAsync(tenant, 1, 2)).Select(e => e.Id));

        await history.PruneAsync(tenant, Evening.AddDays(-1));
        Assert.Equal([4L], (await history.ReadFeedAsync(tenant, 0, 10)).Select(e => e.Id));
    }

    [Fact]
    public async Task Pruning_drops_feed_batches_past_the_retention_and_agent_days_before_the_retentions_day()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var history = new TablePresenceHistory(new TableServiceClient(fixture.Azurite.ConnectionString));
        await history.AppendAsync(tenant, [new PresenceEvent(1, Presence(tenant, "agent-1", Evening.AddDays(-3)))]);
        await history.AppendAsync(tenant, [new PresenceEvent(2, Presence(tenant, "agent-1", Evening.AddHours(-23)))]);
        await history.AppendAsync(tenant, [new PresenceEvent(3, Presence(tenant, "agent-1", Evening))]);

        await history.PruneAsync(tenant, Evening.AddHours(-1));

        Assert.Equal([3L], (await history.ReadFeedAsync(tenant, 0, 10)).Select(e => e.Id));
        Assert.Equal([2L, 3L], (await history.ReadAgentAsync(tenant, "agent-1", Evening.AddDays(-4), Evening)).Select(e => e.Id));
        Assert.Equal(3, await history.GetLastEventIdAsync(tenant));
    }

    /// <summary>A row of one event, as the previous versions wrote them to the feed and to each agent's partition.</summary>
    private static TableEntity LegacyRow(string partition, long id, AgentPresence presence) => new(partition, id.ToString("D19", CultureInfo.InvariantCulture))
    {
        ["Id"] = id,
        ["AgentId"] = presence.AgentId,
        ["At"] = presence.LastUpdated,
        ["Json"] = JsonSerializer.Serialize(presence, HistoryJsonOptions()),
    };

    private static AgentPresence Presence(string tenant, string agentId, DateTimeOffset at) =>
        new(tenant, agentId, AgentState.Available, true, Freshness.Fresh, at, at, ChangeCause.Delta, 1, []);

    // The stored JSON of a publication, as the previous version wrote it: the API's shape.
    private static JsonSerializerOptions HistoryJsonOptions() => new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
