using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>
/// Reads and writes a tenant's watched set as chunk grains under a head grain: 100,000 agents with 3 devices each are
/// 100 stored rows of about 60 KB, never one entity near the 1 MB an Azure Table row holds.
/// </summary>
public static class WatchStore
{
    /// <summary>Agents per chunk: long ids (GUIDs, three devices) keep a chunk near 200 KB, well below the limit.</summary>
    public const int ChunkSize = 1000;

    private const int Parallelism = 16;

    public static async Task<(WatchHead Head, WatchSet Set)> ReadAsync(IGrainFactory grains, string tenantId)
    {
        var head = await grains.GetGrain<IWatchHeadGrain>(tenantId).ReadAsync();
        if (head.Chunks == 0)
        {
            return (head, WatchSet.Empty);
        }

        var chunks = new WatchedAgent[head.Chunks][];
        foreach (var batch in Enumerable.Range(0, head.Chunks).Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(async i => chunks[i] = await Chunk(grains, tenantId, head.Generation, i).ReadAsync()));
        }

        return (head, new WatchSet(chunks.SelectMany(c => c).ToArray()));
    }

    /// <summary>Writes the set as a new generation, names it in the head, then clears the generation it replaces.</summary>
    public static async Task<WatchHead> WriteAsync(IGrainFactory grains, string tenantId, WatchSet watch)
    {
        var headGrain = grains.GetGrain<IWatchHeadGrain>(tenantId);
        var old = await headGrain.ReadAsync();
        var generation = old.Generation + 1;
        var chunks = watch.Agents.Chunk(ChunkSize).ToList();
        foreach (var batch in chunks.Select((agents, index) => (agents, index)).Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(c => Chunk(grains, tenantId, generation, c.index).WriteAsync(c.agents)));
        }

        var head = new WatchHead(generation, chunks.Count, watch.Agents.Count, watch.Agents.Sum(a => a.DeviceIds.Count));
        await headGrain.WriteAsync(head);
        foreach (var batch in Enumerable.Range(0, old.Chunks).Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(i => Chunk(grains, tenantId, old.Generation, i).ClearAsync()));
        }

        return head;
    }

    private static IWatchChunkGrain Chunk(IGrainFactory grains, string tenantId, long generation, int index) =>
        grains.GetGrain<IWatchChunkGrain>(PresenceKeys.Compose(tenantId, $"{generation}/{index}"));
}
