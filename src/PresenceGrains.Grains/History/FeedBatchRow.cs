using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>
/// One stored batch of the feed as one table row: its events as compressed JSON, keyed by the batch's last id. A row per
/// event cost a table entity per publication in one partition per tenant (Azure serves about 2,000 entities a second
/// per partition; Azurite spent most of its time on them); a row per batch costs one per 99.
/// </summary>
internal static class FeedBatchRow
{
    /// <summary>Azure Tables hold at most 64 KiB in one binary property.</summary>
    private const int MaxPart = 64 * 1024;

    /// <summary>An entity holds at most 1 MiB: 15 parts leave room for the keys and the other properties.</summary>
    private const int MaxParts = 15;

    public static string Key(long lastId) => lastId.ToString("D19", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(string tenantId, IReadOnlyList<PresenceEvent> batch)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(zip, batch, HistoryJson.Options);
        }

        var bytes = buffer.ToArray();
        var parts = (bytes.Length + MaxPart - 1) / MaxPart;
        if (parts > MaxParts)
        {
            throw new InvalidOperationException($"A feed batch of {batch.Count} events is {bytes.Length} bytes compressed, more than one table row holds.");
        }

        var entity = new TableEntity(tenantId, Key(batch[^1].Id))
        {
            ["FirstId"] = batch[0].Id,
            ["LastId"] = batch[^1].Id,
            ["At"] = batch.Max(HistoryTime.Of),
            ["Parts"] = parts,
        };
        for (var i = 0; i < parts; i++)
        {
            entity[$"Data{i}"] = bytes.AsSpan(i * MaxPart, Math.Min(MaxPart, bytes.Length - (i * MaxPart))).ToArray();
        }

        return entity;
    }

    public static IReadOnlyList<PresenceEvent> FromEntity(TableEntity entity)
    {
        var parts = entity.GetInt32("Parts") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < parts; i++)
        {
            buffer.Write(entity.GetBinary($"Data{i}"));
        }

        buffer.Position = 0;
        using var zip = new GZipStream(buffer, CompressionMode.Decompress);
        return JsonSerializer.Deserialize<List<PresenceEvent>>(zip, HistoryJson.Options) ?? [];
    }
}
