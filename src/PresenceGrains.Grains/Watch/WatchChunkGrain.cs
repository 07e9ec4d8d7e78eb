using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>Stores one chunk of a tenant's watched set. It calls no other grain.</summary>
public sealed class WatchChunkGrain(
    [PersistentState("watch-chunk", StorageNames.Presence)] IPersistentState<WatchChunkState> state) : Grain, IWatchChunkGrain
{
    public Task<WatchedAgent[]> ReadAsync() => Task.FromResult(state.State.Agents);

    public Task WriteAsync(WatchedAgent[] agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        state.State.Agents = agents;
        return state.WriteStateAsync();
    }

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}

/// <summary>What a watch chunk persists.</summary>
[GenerateSerializer, Alias("PresenceGrains.WatchChunkState")]
public sealed class WatchChunkState
{
    [Id(0)] public WatchedAgent[] Agents { get; set; } = [];
}
