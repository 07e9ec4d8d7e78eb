namespace PresenceGrains.Grains.Watch;

/// <summary>Stores a tenant's <see cref="WatchHead"/>. It calls no other grain.</summary>
public sealed class WatchHeadGrain(
    [PersistentState("watch-head", StorageNames.Presence)] IPersistentState<WatchHeadState> state) : Grain, IWatchHeadGrain
{
    public Task<WatchHead> ReadAsync() => Task.FromResult(state.State.Head ?? WatchHead.None);

    public Task WriteAsync(WatchHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        state.State.Head = head;
        return state.WriteStateAsync();
    }
}

/// <summary>What a watch head persists.</summary>
[GenerateSerializer, Alias("PresenceGrains.WatchHeadState")]
public sealed class WatchHeadState
{
    [Id(0)] public WatchHead? Head { get; set; }
}
