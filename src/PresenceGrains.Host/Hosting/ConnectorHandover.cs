using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// On a graceful shutdown (SIGTERM: a deploy, a scale-in), before the silo stops: when the tenant's connector runs here,
/// it is moved to another active silo at once. Left to Orleans, it would be deactivated with every other grain of the
/// silo and come back only when a caller found it gone after the silo had left, seconds later.
/// </summary>
public sealed partial class ConnectorHandover(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptions<PlatformSettings> platform,
    ILogger<ConnectorHandover> logger) : IHostedService
{
    /// <summary>How long shutdown waits for the connector to run elsewhere before going on without it.</summary>
    private static readonly TimeSpan HandoverBound = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var tenant = platform.Value.TenantId;
        var here = silo.SiloAddress.Endpoint.ToString();
        var target = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress))
            .Select(m => m.SiloAddress)
            .OrderBy(_ => Random.Shared.Next())
            .FirstOrDefault();
        var connector = grains.GetGrain<IPlatformConnectorGrain>(tenant);
        try
        {
            var health = await connector.GetHealthAsync().WaitAsync(HandoverBound, cancellationToken);
            if (health.Silo != here || target is null)
            {
                return;
            }

            await grains.GetGrain<IConnectorInbox>(tenant).HandOverAsync(target).WaitAsync(HandoverBound, cancellationToken);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(HandoverBound);
            while ((await connector.GetHealthAsync().WaitAsync(bound.Token)).Silo == here)
            {
                await Task.Delay(100, bound.Token);
            }

            LogHandedOver(logger, tenant, target.Endpoint.ToString());
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or OrleansException)
        {
            // The silo's own shutdown deactivates the connector anyway; another silo's check brings it back.
            LogNotHandedOver(logger, tenant, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector of tenant {TenantId} moved to silo {Target} before this silo stops")]
    private static partial void LogHandedOver(ILogger logger, string tenantId, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector of tenant {TenantId} was not moved before this silo stops ({Cause}); it comes back on another silo after")]
    private static partial void LogNotHandedOver(ILogger logger, string tenantId, string cause);
}
