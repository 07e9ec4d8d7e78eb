using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// Sends this silo's <see cref="AnomalyTally"/> to each tenant's connector every
/// <see cref="PresenceOptions.AnomalyReportPeriod"/>, one-way and only
/// when it changed, so that the channel's health sums a few reports instead of asking every agent.
/// </summary>
public sealed partial class AnomalyReporter(
    AnomalyTally tally, IGrainFactory grains, ILocalSiloDetails silo, IOptions<PresenceOptions> options, TimeProvider time, ILogger<AnomalyReporter> logger)
    : BackgroundService
{
    private readonly Dictionary<string, AgentAnomalies> _sent = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnomalyReportPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ReportAsync();
        }
    }

    /// <summary>One round of reports; a silo still starting, or a call that fails, is tried again next period.</summary>
    public async Task ReportAsync()
    {
        var reporter = silo.SiloAddress.ToParsableString();
        foreach (var (tenantId, totals) in tally.Read())
        {
            if (_sent.TryGetValue(tenantId, out var sent) && sent == totals)
            {
                continue;
            }

            try
            {
                await grains.GetGrain<IConnectorInbox>(tenantId).ReportAnomaliesAsync(reporter, totals);
                _sent[tenantId] = totals;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReportFailed(ex, tenantId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Anomaly counts for tenant {TenantId} not reported yet; trying again next period")]
    private partial void LogReportFailed(Exception exception, string tenantId);
}
