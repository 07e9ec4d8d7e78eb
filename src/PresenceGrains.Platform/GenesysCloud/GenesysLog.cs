using Microsoft.Extensions.Logging;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>The Genesys adapter's log lines (events 1300–1399). No parameter carries a token, a secret or a connect URI.</summary>
internal static partial class GenesysLog
{
    [LoggerMessage(1300, LogLevel.Information, "Tenant {TenantId}: following {Users} Genesys users on {Channels} notification channels")]
    public static partial void Sharded(ILogger logger, string tenantId, int users, int channels);

    [LoggerMessage(1301, LogLevel.Information, "Tenant {TenantId}: channel {Shard} subscribed {Topics} topics (channel id {ChannelId}, expires {Expires:O})")]
    public static partial void ChannelSubscribed(ILogger logger, string tenantId, int shard, int topics, string channelId, DateTimeOffset? expires);

    [LoggerMessage(1302, LogLevel.Warning, "Tenant {TenantId}: channel {Shard} could not be opened: {Problem}; attempt {Attempt} in {Delay}")]
    public static partial void OpenFailed(ILogger logger, string tenantId, int shard, string problem, int attempt, TimeSpan delay);

    [LoggerMessage(1303, LogLevel.Warning, "Tenant {TenantId}: channel {Shard} lost: {Cause}")]
    public static partial void ChannelLost(ILogger logger, string tenantId, int shard, string cause);

    [LoggerMessage(1304, LogLevel.Information, "Tenant {TenantId}: channel {Shard} hands over to a new channel ({Cause})")]
    public static partial void HandoverStarted(ILogger logger, string tenantId, int shard, string cause);

    [LoggerMessage(1305, LogLevel.Information, "Tenant {TenantId}: channel {Shard} handed over; the old socket drained and closed")]
    public static partial void HandoverDone(ILogger logger, string tenantId, int shard);

    [LoggerMessage(1306, LogLevel.Warning, "Tenant {TenantId}: channel {Shard} handover failed: {Problem}; the old socket stays, retry in {Delay}")]
    public static partial void HandoverFailed(ILogger logger, string tenantId, int shard, string problem, TimeSpan delay);

    [LoggerMessage(1307, LogLevel.Warning, "Tenant {TenantId}: channel {Shard} rejected a message: {Problem}")]
    public static partial void MessageRejected(ILogger logger, string tenantId, int shard, string problem);

    [LoggerMessage(1308, LogLevel.Warning, "Tenant {TenantId}: channel {Shard}: {What}; its agents are re-read")]
    public static partial void Resnapshot(ILogger logger, string tenantId, int shard, string what);

    [LoggerMessage(1309, LogLevel.Debug, "Tenant {TenantId}: {Count} corrections not sent: Genesys Cloud has no presence-correction API (docs/genesys-mapping.md)")]
    public static partial void CorrectionsNotSent(ILogger logger, string tenantId, int count);
}
