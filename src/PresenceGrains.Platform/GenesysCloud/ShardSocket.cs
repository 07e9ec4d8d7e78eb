namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>One open socket of a shard, with its reader and the means to stop that reader alone.</summary>
internal sealed class ShardSocket(NotificationSocket socket, int serial, CancellationToken shardStopping) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(shardStopping);

    public NotificationSocket Socket { get; } = socket;

    /// <summary>Tells this socket's events apart from another's of the same shard (for the handover filter).</summary>
    public int Serial { get; } = serial;

    public CancellationToken Stopping => _stop.Token;

    public Task Reader { get; set; } = Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Socket.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>What a socket's reader tells the shard's control loop.</summary>
internal enum ShardSignalKind
{
    Closed,
    Pong,
    SocketClosing,
    NoLongerSubscribed,
    TokenRevoked,
}

internal readonly record struct ShardSignal(ShardSocket Source, ShardSignalKind Kind, DateTimeOffset At);
