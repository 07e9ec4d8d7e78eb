using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// The tenant's channel state from its shards' states: Connected only when every channel is; otherwise the worst
/// (Reconnecting, then Stale). A change of the whole is published once, in turn with the events.
/// </summary>
internal sealed class ShardStates(int shards, ChannelStatusTracker status, GenesysEventSink sink, TimeProvider time)
{
    private readonly ChannelState[] _states = Enumerable.Repeat(ChannelState.Idle, shards).ToArray();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async ValueTask SetAsync(int shard, ChannelState state, string detail, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _states[shard] = state;
            var whole = _states.Contains(ChannelState.Reconnecting) ? ChannelState.Reconnecting
                : _states.Contains(ChannelState.Stale) ? ChannelState.Stale
                : _states.All(s => s == ChannelState.Connected) ? ChannelState.Connected
                : _states.Contains(ChannelState.Idle) && status.State == ChannelState.Idle ? ChannelState.Idle
                : ChannelState.Reconnecting;
            if (status.TrySetState(whole))
            {
                await sink.PublishAsync(new ChannelStateChanged(time.GetUtcNow(), whole, $"channel {shard + 1} of {shards}: {detail}"), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
