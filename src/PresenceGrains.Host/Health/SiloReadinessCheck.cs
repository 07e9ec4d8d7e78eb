using Microsoft.Extensions.Diagnostics.HealthChecks;
using PresenceGrains.Abstractions;
using PresenceGrains.Host.Configuration;
using Microsoft.Extensions.Options;

namespace PresenceGrains.Host.Hosting;

/// <summary>Ready when the silo answers grain calls and the tenant's channel has connected at least once.</summary>
public sealed class SiloReadinessCheck(IGrainFactory grains, IOptions<PlatformSettings> platform) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var health = await grains.GetGrain<IPlatformConnectorGrain>(platform.Value.TenantId).GetHealthAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return health.Connection is ChannelConnection.Connected or ChannelConnection.Stale
                ? HealthCheckResult.Healthy($"channel {health.Connection}")
                : HealthCheckResult.Unhealthy(NotReadyReason(health));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the tenant's connector did not answer within 5 s ({ex.GetType().Name})", ex);
        }
    }

    /// <summary>Why the channel is not ready, in the words an operator needs first. Never a token.</summary>
    private static string NotReadyReason(ChannelHealth health) => health.Connection switch
    {
        ChannelConnection.Stopped => $"channel of tenant '{health.TenantId}' is stopped: nothing is watched, or its event loop failed (the keep-alive reminder restarts it)",
        ChannelConnection.Connecting => $"channel of tenant '{health.TenantId}' is connecting: taking the first snapshot of every watched agent",
        _ => $"channel of tenant '{health.TenantId}' is {health.Connection}: {health.ReconnectAttempts} reconnect attempts since {health.RecentDisconnections.LastOrDefault()?.End.ToString("O") ?? "start"}",
    };
}
