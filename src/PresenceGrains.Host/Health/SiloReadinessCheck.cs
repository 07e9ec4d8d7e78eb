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
                : HealthCheckResult.Unhealthy($"channel {health.Connection}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the silo does not answer", ex);
        }
    }
}
