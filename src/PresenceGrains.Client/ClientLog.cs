using Microsoft.Extensions.Logging;

namespace PresenceGrains.Client;

/// <summary>What the client logs about its feeds.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the presence cluster; tenant {TenantId}'s change feed subscribes again when a gateway answers")]
    public static partial void FeedLost(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}'s change feed subscribed again after {Attempts} attempt(s); its reader is told to re-read")]
    public static partial void FeedResubscribed(ILogger logger, string tenantId, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}'s change feed could not subscribe again (attempt {Attempt}, {Error}); trying again")]
    public static partial void ResubscribeFailed(ILogger logger, string tenantId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}'s old feed subscription could not be removed ({Error}); its deliveries are ignored")]
    public static partial void UnsubscribeFailed(ILogger logger, string tenantId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}'s change feed read the directory {Reads} time(s) after a lost gateway; {Repaired} change(s) the stream had not brought were delivered")]
    public static partial void FeedRepaired(ILogger logger, string tenantId, int reads, int repaired);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}'s change feed could not read the directory after a lost gateway ({Error}); reading again at the next period")]
    public static partial void RepairReadFailed(ILogger logger, string tenantId, string error);
}
