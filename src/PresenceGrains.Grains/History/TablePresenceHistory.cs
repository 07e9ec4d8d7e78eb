using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>
/// History in Azure Tables (Azurite locally): the feed by tenant, a stored batch to a row (<see cref="FeedBatchRow"/>,
/// keyed by its last event id), each agent's transitions by tenant and day (row key agent and event id), and the
/// disconnection windows by tenant. A batch of events is one transaction in the feed and, since a batch rarely spans
/// midnight, one in the agent table: two round trips per 99 events, where one partition per agent cost one per event.
/// An agent's history for a period is a row-key range in each day's partition.
/// </summary>
public sealed class TablePresenceHistory : IPresenceHistory
{
    private const string FeedTable = "PresenceFeedBatches";
    private const string AgentTable = "PresenceAgentDays";

    // Before the feed was kept a batch to a row, each event had a row here: still read and pruned, never written.
    private const string LegacyFeedTable = "PresenceFeed";

    // Before agent history was kept by day, each agent had a partition of its own here: still read, never written.
    private const string LegacyAgentTable = "PresenceAgentHistory";
    private const string WindowTable = "PresenceWindows";
    private const string LastIdRow = "~last";
    private const int MaxBatch = 100;

    private readonly TableClient _feed;
    private readonly TableClient _legacyFeed;
    private readonly TableClient _agents;
    private readonly TableClient _legacyAgents;
    private readonly TableClient _windows;
    private readonly Lazy<Task> _created;

    public TablePresenceHistory(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _feed = tables.GetTableClient(FeedTable);
        _legacyFeed = tables.GetTableClient(LegacyFeedTable);
        _agents = tables.GetTableClient(AgentTable);
        _legacyAgents = tables.GetTableClient(LegacyAgentTable);
        _windows = tables.GetTableClient(WindowTable);
        _created = new Lazy<Task>(() => Task.WhenAll(_feed.CreateIfNotExistsAsync(), _agents.CreateIfNotExistsAsync(), _windows.CreateIfNotExistsAsync()));
    }

    public async Task<long> GetLastEventIdAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var id = Math.Max(await LastIdAsync(_feed, tenantId, "LastId", cancellationToken), await LegacyAsync(() => LastIdAsync(_legacyFeed, tenantId, "Id", cancellationToken), 0L));
        return id;
    }

    public async Task AppendAsync(string tenantId, IReadOnlyList<PresenceEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await _created.Value;
        foreach (var chunk in events.Chunk(MaxBatch - 1))
        {
            TableTransactionAction[] feed =
            [
                new(TableTransactionActionType.UpsertReplace, FeedBatchRow.ToEntity(tenantId, chunk)),
                new(TableTransactionActionType.UpsertReplace, new TableEntity(tenantId, LastIdRow) { ["LastId"] = chunk[^1].Id }),
            ];

            // The feed and the agent days are different tables: their transactions go side by side.
            await Task.WhenAll(chunk
                .GroupBy(e => DayPartition(tenantId, HistoryTime.Of(e)))
                .Select(day => (Task)_agents.SubmitTransactionAsync(
                    day.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(day.Key, AgentRow(e.Presence.AgentId, e.Id), e))),
                    cancellationToken))
                .Append(_feed.SubmitTransactionAsync(feed, cancellationToken)));
        }
    }

    public async Task<IReadOnlyList<PresenceEvent>> ReadFeedAsync(string tenantId, long afterId, int max, CancellationToken cancellationToken = default)
    {
        await _created.Value;

        // Ids the legacy rows hold are all below the batch rows' ids: they come first.
        var result = await LegacyAsync(() => ReadLegacyFeedAsync(tenantId, afterId, max, cancellationToken), []);

        // A batch whose last id is above afterId holds events after it, and perhaps some before.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {Row(afterId)} and RowKey lt {LastIdRow}");
        await foreach (var entity in _feed.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            foreach (var e in FeedBatchRow.FromEntity(entity))
            {
                if (result.Count >= max)
                {
                    return result;
                }

                if (e.Id > afterId && (result.Count == 0 || e.Id > result[^1].Id))
                {
                    result.Add(e);
                }
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<PresenceEvent>> ReadAgentAsync(string tenantId, string agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var result = new Dictionary<long, PresenceEvent>();
        var first = AgentRow(agentId, 0);
        var last = AgentRow(agentId, long.MaxValue);
        for (var day = from.UtcDateTime.Date; day <= to.UtcDateTime.Date; day = day.AddDays(1))
        {
            var partition = DayPartition(tenantId, day);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last} and At ge {from} and At le {to}");
            await foreach (var entity in _agents.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var e = FromEntity(entity);
                result[e.Id] = e;
            }
        }

        var legacy = TableClient.CreateQueryFilter($"PartitionKey eq {LegacyPartition(tenantId, agentId)} and At ge {from} and At le {to}");
        try
        {
            await foreach (var entity in _legacyAgents.QueryAsync<TableEntity>(legacy, cancellationToken: cancellationToken))
            {
                var e = FromEntity(entity);
                result.TryAdd(e.Id, e);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No history from before the day partitions: nothing to add.
        }

        return [.. result.Values.OrderBy(e => e.Id)];
    }

    public async Task AppendWindowAsync(string tenantId, DisconnectionWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        await _created.Value;
        var entity = new TableEntity(tenantId, window.Start.UtcTicks.ToString("D19", CultureInfo.InvariantCulture))
        {
            ["Start"] = window.Start,
            ["End"] = window.End,
            ["Cause"] = window.Cause,
        };
        await _windows.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DisconnectionWindow>> ReadWindowsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and End ge {from} and Start le {to}");
        var result = new List<DisconnectionWindow>();
        await foreach (var entity in _windows.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new DisconnectionWindow(entity.GetDateTimeOffset("Start")!.Value, entity.GetDateTimeOffset("End")!.Value, entity.GetString("Cause") ?? ""));
        }

        return result;
    }

    public async Task PruneAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var old = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and At lt {before} and RowKey lt {LastIdRow}");
        await foreach (var entity in _feed.QueryAsync<TableEntity>(old, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _feed.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
        }

        // An agent's transitions go a whole day at a time, once the day is past the retention: a partial day would mean
        // reading its whole partition every hour to find the rows old enough.
        var days = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {DayPartition(tenantId, before)}");
        var doomed = new List<TableEntity>();
        await foreach (var entity in _agents.QueryAsync<TableEntity>(days, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            doomed.Add(entity);
        }

        foreach (var partition in doomed.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                await _agents.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
            }
        }

        await LegacyAsync(() => PruneLegacyFeedAsync(tenantId, before, cancellationToken), 0);

        // Rows of the per-agent partitions written before the day partitions age out by the same retention.
        await LegacyAsync(() => PruneLegacyAgentsAsync(tenantId, before, cancellationToken), 0);

        var oldWindows = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and End lt {before}");
        await foreach (var entity in _windows.QueryAsync<TableEntity>(oldWindows, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _windows.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
        }
    }

    private static async Task<long> LastIdAsync(TableClient table, string tenantId, string idProperty, CancellationToken cancellationToken)
    {
        var last = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, LastIdRow, cancellationToken: cancellationToken);
        var id = last.HasValue ? last.Value!.GetInt64(idProperty) ?? 0 : 0;

        // Batches are stored side by side, so the last-id row may trail a batch stored after it: the rows above it count.
        var above = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {Row(id)} and RowKey lt {LastIdRow}");
        await foreach (var entity in table.QueryAsync<TableEntity>(above, select: ["RowKey", idProperty], cancellationToken: cancellationToken))
        {
            id = Math.Max(id, entity.GetInt64(idProperty) ?? 0);
        }

        return id;
    }

    /// <summary>Reads a table an earlier version wrote; a deployment that never had it gets <paramref name="none"/>.</summary>
    private static async Task<T> LegacyAsync<T>(Func<Task<T>> read, T none)
    {
        try
        {
            return await read();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return none;
        }
    }

    private async Task<List<PresenceEvent>> ReadLegacyFeedAsync(string tenantId, long afterId, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {Row(afterId)} and RowKey lt {LastIdRow}");
        var result = new List<PresenceEvent>();
        await foreach (var entity in _legacyFeed.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            if (result.Count >= max)
            {
                break;
            }

            result.Add(FromEntity(entity));
        }

        return result;
    }

    private async Task<int> PruneLegacyAgentsAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var pruned = 0;
        var legacy = TableClient.CreateQueryFilter($"PartitionKey gt {tenantId + "|"} and PartitionKey lt {tenantId + "}"} and At lt {before}");
        await foreach (var entity in _legacyAgents.QueryAsync<TableEntity>(legacy, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _legacyAgents.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            pruned++;
        }

        return pruned;
    }

    private async Task<int> PruneLegacyFeedAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var pruned = 0;
        var old = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and At lt {before}");
        await foreach (var entity in _legacyFeed.QueryAsync<TableEntity>(old, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _legacyFeed.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            pruned++;
        }

        return pruned;
    }

    // Table keys may not hold '/', '\', '#' or '?'; tenant ids cannot hold '/', agent ids are escaped.
    private static string DayPartition(string tenantId, DateTimeOffset at) => $"{tenantId}|{at.UtcDateTime:yyyyMMdd}";

    private static string AgentRow(string agentId, long id) => $"{Uri.EscapeDataString(agentId)}|{Row(id)}";

    private static string LegacyPartition(string tenantId, string agentId) => $"{tenantId}|{Uri.EscapeDataString(agentId)}";

    private static string Row(long id) => id.ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string partition, string row, PresenceEvent e) => new(partition, row)
    {
        ["Id"] = e.Id,
        ["AgentId"] = e.Presence.AgentId,
        ["At"] = HistoryTime.Of(e),
        ["Json"] = JsonSerializer.Serialize(e.Presence, HistoryJson.Options),
    };

    private static PresenceEvent FromEntity(TableEntity entity) =>
        new(entity.GetInt64("Id") ?? 0, JsonSerializer.Deserialize<AgentPresence>(entity.GetString("Json")!, HistoryJson.Options)!);
}
