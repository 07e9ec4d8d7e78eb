namespace PresenceGrains.Client;

/// <summary>
/// Hears from the Orleans client when a gateway is gone. When it was the last, every change feed knows its subscription
/// went with it (a restarted silo on memory streams has forgotten it) and subscribes again. When others remain, a silo
/// of the cluster has most likely died, and with it the stream queues it held: the publications queued there never come.
/// </summary>
internal sealed class ClusterConnection : IClusterConnectionStatusObserver
{
    private TaskCompletionSource _nextLoss = NewLoss();
    private TaskCompletionSource _nextGatewayLoss = NewLoss();

    /// <summary>Completes at the next loss of every gateway after it was read.</summary>
    public Task NextLoss => Volatile.Read(ref _nextLoss).Task;

    /// <summary>Completes at the next loss of any gateway (the last one included) after it was read.</summary>
    public Task NextGatewayLoss => Volatile.Read(ref _nextGatewayLoss).Task;

    public void NotifyClusterConnectionLost()
    {
        Interlocked.Exchange(ref _nextLoss, NewLoss()).TrySetResult();
        Interlocked.Exchange(ref _nextGatewayLoss, NewLoss()).TrySetResult();
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfConnectedGateways, bool connectionRecovered)
    {
        // Recovery is found by subscribing (the last gateway) or needs nothing (the stream never stopped for the others).
        if (currentNumberOfGateways < previousNumberOfConnectedGateways)
        {
            Interlocked.Exchange(ref _nextGatewayLoss, NewLoss()).TrySetResult();
        }
    }

    private static TaskCompletionSource NewLoss() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
