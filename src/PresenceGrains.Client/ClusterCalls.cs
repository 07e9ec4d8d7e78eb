using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace PresenceGrains.Client;

/// <summary>
/// Turns Orleans' "no gateway" failures, and calls that got no answer within its response timeout (what a call sent
/// as a gateway went away can get), into <see cref="PresenceClusterUnreachableException"/> naming where the client looked.
/// </summary>
internal sealed class ClusterCalls(string tried)
{
    public string Tried => tried;

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new PresenceClusterUnreachableException(tried, ex);
        }
    }

    public static bool IsUnreachable(Exception ex) =>
        ex is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or TimeoutException
        || (ex is InvalidOperationException && ex.InnerException is ConnectionFailedException);
}
