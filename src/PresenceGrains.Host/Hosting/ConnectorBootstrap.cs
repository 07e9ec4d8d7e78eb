using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// Starts the configured tenant's connector once the silo runs. In the embedded default it first watches every agent
/// of the emulator's contact centre, unless a watched set was kept from an earlier run.
/// </summary>
public sealed partial class ConnectorBootstrap(
    IGrainFactory grains,
    IOptions<PlatformSettings> platform,
    ILogger<ConnectorBootstrap> logger,
    EmbeddedEmulator? emulator = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = platform.Value.TenantId;
        var connector = grains.GetGrain<IPlatformConnectorGrain>(tenant);
        if (emulator is not null && (await connector.GetWatchAsync()).Agents.Count == 0)
        {
            var watch = emulator.WatchEverything();
            await connector.SetWatchAsync(watch);
            LogWatchingEmbedded(logger, tenant, watch.Agents.Count);
        }

        await connector.EnsureRunningAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} now watches all {Agents} agents of the embedded emulator")]
    private static partial void LogWatchingEmbedded(ILogger logger, string tenantId, int agents);
}
