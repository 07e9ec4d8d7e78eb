using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>What the connector and its parts write to the log. Never a token: the platform redacts its own messages.</summary>
internal static partial class ConnectorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} started: {Agents} agents, {Devices} devices watched")]
    public static partial void Started(ILogger logger, string tenantId, int agents, int devices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} deactivating ({Reason}): {Description}")]
    public static partial void Deactivating(ILogger logger, string tenantId, DeactivationReasonCode reason, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} watch set changed: {Agents} agents, stored as generation {Generation} in {Chunks} chunks")]
    public static partial void WatchChanged(ILogger logger, string tenantId, int agents, long generation, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} moved its watched set of {Agents} agents out of its own row into chunks (one-time migration)")]
    public static partial void WatchMigrated(ILogger logger, string tenantId, int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId} channel {Connection}: {Detail}")]
    public static partial void ChannelLost(ILogger logger, string tenantId, ChannelConnection connection, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId}: calls to {Count} agents failed; {Waiting} agents will be read again from REST")]
    public static partial void AgentCallsFailed(ILogger logger, Exception exception, string tenantId, int count, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId}: deltas of {Count} agents waited behind a call that outlasted its bound; {Waiting} agents will be read again from REST")]
    public static partial void DeltasHeldBehindSlowCall(ILogger logger, string tenantId, int count, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} disconnected from {Start:O} to {End:O} ({DurationMs} ms): {Cause}")]
    public static partial void Window(ILogger logger, string tenantId, DateTimeOffset start, DateTimeOffset end, double durationMs, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} sent {Count} presence corrections for a {DurationMs} ms gap")]
    public static partial void Corrections(ILogger logger, string tenantId, int count, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} could not send {Count} presence corrections")]
    public static partial void CorrectionsFailed(ILogger logger, Exception exception, string tenantId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {TenantId} re-reading {Count} agents from REST: {Reason}")]
    public static partial void Resnapshot(ILogger logger, string tenantId, int count, string reason);

    // Routine, a slice every few seconds all day: at Warning it buried the re-reads that mean something went wrong.
    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} re-reading {Count} agents from REST: {Reason}")]
    public static partial void BackgroundReread(ILogger logger, string tenantId, int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} could not re-read agents beside its event loop; the next re-read, change or reconnect repairs them")]
    public static partial void RereadFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} could not store a disconnection window; it stays in the channel's recent windows")]
    public static partial void WindowNotStored(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {TenantId} event loop failed; the keep-alive reminder restarts it")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {TenantId} hands its channel over to silo {Target}: its silo is shutting down")]
    public static partial void HandingOver(ILogger logger, string tenantId, string target);
}
