using Azure.Data.Tables;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>Orleans' Azure Table membership, read directly: when the rest of the cluster declared a silo dead.</summary>
internal sealed class MembershipTable(string connectionString, string clusterId)
{
    private readonly TableClient _table = new TableServiceClient(connectionString).GetTableClient("OrleansSiloInstances");

    /// <summary>Whether the newest row of the silo on this port says Dead.</summary>
    public async Task<bool> IsDeadAsync(int siloPort)
    {
        TableEntity? newest = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == clusterId))
        {
            if (Text(row, "Port") == siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && (newest is null || string.CompareOrdinal(Text(row, "Generation"), Text(newest, "Generation")) > 0))
            {
                newest = row;
            }
        }

        return newest is not null && Text(newest, "Status") == "Dead";
    }

    private static string? Text(TableEntity row, string column) => row.TryGetValue(column, out var value) ? value?.ToString() : null;
}
