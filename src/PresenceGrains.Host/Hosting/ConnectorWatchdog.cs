using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// On every silo of a cluster: asks the tenant's connector for its health every <see cref="ClusterSettings.ConnectorCheckPeriod"/>.
/// The call itself re-activates the connector on a surviving silo as soon as membership has declared its old silo dead
/// (its keep-alive reminder alone would take up to its period, a minute). While the connector does not answer for
/// <see cref="ClusterSettings.ConnectorLossGrace"/>, nobody tells this silo's agents that their channel is gone, so this
/// does: they turn Reconnecting (not routable, state kept) until the new channel's snapshot makes them Fresh and true.
/// A channel found Stopped is started again. Between the loss and those marks, and until the new channel is connected,
/// reads on this silo are covered by <see cref="ConnectorPulse"/>, which this keeps: a failed call, or no answer within
/// two periods, and this silo's reads stop trusting a Fresh agent at once.
/// </summary>
public sealed partial class ConnectorWatchdog(
    IGrainFactory grains,
    LocalAgents localAgents,
    ConnectorPulse pulse,
    IOptions<ClusterSettings> cluster,
    IOptions<PlatformSettings> platform,
    TimeProvider time,
    ILogger<ConnectorWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tenant = platform.Value.TenantId;
        var period = cluster.Value.ConnectorCheckPeriod;
        var grace = cluster.Value.ConnectorLossGrace;
        var connector = grains.GetGrain<IPlatformConnectorGrain>(tenant);

        // Two periods: one late check (a busy moment on this silo) is not a loss, a second one is.
        var lease = period * 2;
        var lastAnswer = time.GetUtcNow();
        IReadOnlyList<string>? marked = null;
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Bounded by the period and the grace: a call stuck on a dead silo must not hold the next check back.
                var health = await connector.GetHealthAsync().WaitAsync(grace, time, stoppingToken);
                lastAnswer = time.GetUtcNow();
                pulse.Renew(tenant, health.Connection, health.Silo, lease);
                if (health.Connection == ChannelConnection.Stopped)
                {
                    // A failed event loop (an agent's silo lost in the middle of a snapshot, say) is restarted now, not at the
                    // keep-alive reminder's next tick; with nothing watched this does nothing.
                    await connector.EnsureRunningAsync().WaitAsync(grace, time, stoppingToken);
                }

                // Only once the new channel has snapshotted every agent: before, every marked agent is still waiting for
                // its snapshot (and reads on this silo show it Reconnecting anyway), so a re-read would ask for them all twice.
                if (marked is not null && health.Connection == ChannelConnection.Connected)
                {
                    LogConnectorBack(logger, tenant, marked.Count);
                    await localAgents.RepairAsync(tenant, marked);
                    marked = null;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                pulse.Lapse(tenant);
                var silent = time.GetUtcNow() - lastAnswer;
                if (marked is null && silent >= grace)
                {
                    marked = await MarkAsync(tenant, silent, ex);
                }
            }
        }
    }

    private async Task<IReadOnlyList<string>?> MarkAsync(string tenant, TimeSpan silent, Exception cause)
    {
        try
        {
            var agents = await localAgents.ListAsync(tenant);
            LogConnectorLost(logger, tenant, silent.TotalMilliseconds, agents.Count, cause.GetType().Name);
            await localAgents.MarkReconnectingAsync(tenant, agents);
            return agents;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Tried again at the next check.
            LogMarkFailed(logger, ex, tenant);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector of tenant {TenantId} has not answered for {SilentMs:F0} ms ({Cause}): {Agents} agents on this silo now show Reconnecting")]
    private static partial void LogConnectorLost(ILogger logger, string tenantId, double silentMs, int agents, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector of tenant {TenantId} answers again; {Agents} agents on this silo are checked for freshness")]
    private static partial void LogConnectorBack(ILogger logger, string tenantId, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark the agents of tenant {TenantId} on this silo Reconnecting; tried again at the next check")]
    private static partial void LogMarkFailed(ILogger logger, Exception ex, string tenantId);
}
