namespace PresenceGrains.Client;

/// <summary>
/// Hears from the Orleans client when its last gateway is gone, so that every change feed knows its subscription went
/// with it (a restarted silo on memory streams has forgotten it) and subscribes again.
/// </summary>
internal sealed class ClusterConnection : IClusterConnectionStatusObserver
{
    private TaskCompletionSource _nextLoss = NewLoss();

    /// <summary>Completes at the next loss of every gateway after it was read.</summary>
    public Task NextLoss => Volatile.Read(ref _nextLoss).Task;

    public void NotifyClusterConnectionLost() => Interlocked.Exchange(ref _nextLoss, NewLoss()).TrySetResult();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfConnectedGateways, bool connectionRecovered)
    {
        // A loss of every gateway is also reported through NotifyClusterConnectionLost; recovery is found by subscribing.
    }

    private static TaskCompletionSource NewLoss() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
