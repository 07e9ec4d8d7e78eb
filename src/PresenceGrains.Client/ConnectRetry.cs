namespace PresenceGrains.Client;

/// <summary>
/// Keeps start-up trying to reach a gateway for <see cref="PresenceClientOptions.ConnectTimeout"/> (the service may be
/// starting beside the router), then fails it with <see cref="PresenceClusterUnreachableException"/> naming where it looked.
/// </summary>
internal sealed class ConnectRetry(PresenceClientOptions options, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private DateTimeOffset? _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _firstFailure ??= now;
        if (now - _firstFailure.Value >= options.ConnectTimeout)
        {
            throw new PresenceClusterUnreachableException(ClusterTarget.Describe(options), exception);
        }

        await Task.Delay(Pause, time, cancellationToken);
        return true;
    }
}
