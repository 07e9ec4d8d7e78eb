using Microsoft.Extensions.Logging;
using PresenceGrains.Platform.Channel;

namespace PresenceGrains.Platform.Logging;

/// <summary>
/// Every log line of the platform client, source-generated. No parameter ever carries a token or secret: URLs, exception
/// text and platform-supplied strings are passed through <see cref="SecretRedactor"/> before they get here.
/// </summary>
internal static partial class PlatformLog
{
    [LoggerMessage(1000, LogLevel.Information, "Tenant {TenantId}: token issued, expires {ExpiresAt:O}, refresh due {RefreshAt:O}")]
    public static partial void TokenIssued(ILogger logger, string tenantId, DateTimeOffset expiresAt, DateTimeOffset refreshAt);

    [LoggerMessage(1001, LogLevel.Warning, "Tenant {TenantId}: the platform rejected the token expiring {ExpiresAt:O}; it will not be used again")]
    public static partial void TokenRejected(ILogger logger, string tenantId, DateTimeOffset expiresAt);

    [LoggerMessage(1002, LogLevel.Warning, "Tenant {TenantId}: token request failed: {Problem}")]
    public static partial void TokenRequestFailed(ILogger logger, string tenantId, string problem);

    [LoggerMessage(1100, LogLevel.Information, "Tenant {TenantId}: opening the channel {Url}")]
    public static partial void ChannelConnecting(ILogger logger, string tenantId, string url);

    [LoggerMessage(1101, LogLevel.Warning, "Tenant {TenantId}: {Problem} (Retry-After {RetryAfter})")]
    public static partial void HandshakeFailed(ILogger logger, string tenantId, string problem, TimeSpan? retryAfter);

    [LoggerMessage(1102, LogLevel.Information, "Tenant {TenantId}: reconnect attempt {Attempt} in {Delay}")]
    public static partial void ReconnectScheduled(ILogger logger, string tenantId, int attempt, TimeSpan delay);

    [LoggerMessage(1113, LogLevel.Information, "Tenant {TenantId}: the platform rejected the token; reconnecting at once with a new one")]
    public static partial void ReconnectingWithNewToken(ILogger logger, string tenantId);

    [LoggerMessage(1103, LogLevel.Information, "Tenant {TenantId}: channel subscribed ({Users} users, {Devices} devices)")]
    public static partial void ChannelSubscribed(ILogger logger, string tenantId, int users, int devices);

    [LoggerMessage(1104, LogLevel.Warning, "Tenant {TenantId}: channel lost: {Cause}")]
    public static partial void ChannelLost(ILogger logger, string tenantId, string cause);

    [LoggerMessage(1105, LogLevel.Warning, "Tenant {TenantId}: channel stale, no heartbeat or message for {Silence}; dropping the socket")]
    public static partial void ChannelStale(ILogger logger, string tenantId, TimeSpan silence);

    [LoggerMessage(1110, LogLevel.Warning, "Tenant {TenantId}: channel silent for {Silence} although heartbeats come every {Interval}; agents shown Stale until traffic resumes")]
    public static partial void ChannelSilent(ILogger logger, string tenantId, TimeSpan silence, TimeSpan interval);

    [LoggerMessage(1111, LogLevel.Warning, "Tenant {TenantId}: traffic resumed after {Silence} of silence with heartbeats missing; what the socket swallowed is re-read from REST")]
    public static partial void ChannelResumed(ILogger logger, string tenantId, TimeSpan silence);

    [LoggerMessage(1112, LogLevel.Warning, "Tenant {TenantId}: traffic resumed after {Silence} of silence; the platform's heartbeats kept their rhythm (late, none missing), so nothing is re-read")]
    public static partial void ChannelResumedLate(ILogger logger, string tenantId, TimeSpan silence);

    [LoggerMessage(1106, LogLevel.Information, "Tenant {TenantId}: disconnected from {Start:O} to {End:O} ({DurationMs} ms): {Cause}")]
    public static partial void DisconnectionWindowClosed(ILogger logger, string tenantId, DateTimeOffset start, DateTimeOffset end, long durationMs, string cause);

    [LoggerMessage(1107, LogLevel.Warning, "Tenant {TenantId}: error frame {Code}: {Message}")]
    public static partial void ErrorFrameReceived(ILogger logger, string tenantId, int code, string message);

    [LoggerMessage(1108, LogLevel.Warning, "Tenant {TenantId}: frame skipped ({Reason}): {Problem}")]
    public static partial void FrameRejected(ILogger logger, string tenantId, FrameRejection reason, string problem);

    [LoggerMessage(1114, LogLevel.Warning, "Tenant {TenantId}: {Message} messages carry '{Property}', which the schema does not declare; accepted and ignored (logged once per property)")]
    public static partial void UndeclaredProperty(ILogger logger, string tenantId, string message, string property);

    [LoggerMessage(1115, LogLevel.Information, "Tenant {TenantId}: the channel's token (expires {ExpiresAt:O}) is due for refresh; opening a second socket with a new one (make before break)")]
    public static partial void RotationStarting(ILogger logger, string tenantId, DateTimeOffset expiresAt);

    [LoggerMessage(1116, LogLevel.Information, "Tenant {TenantId}: the new socket is subscribed and speaks for the channel (token expires {ExpiresAt:O}); the old one closes once it has caught up")]
    public static partial void RotationSwitched(ILogger logger, string tenantId, DateTimeOffset expiresAt);

    [LoggerMessage(1117, LogLevel.Information, "Tenant {TenantId}: token rotation done, old socket closed after {OverlapMs} ms of overlap; {Duplicates} deltas came on both and were published once; caught up: {CaughtUp}")]
    public static partial void RotationCompleted(ILogger logger, string tenantId, long overlapMs, long duplicates, bool caughtUp);

    [LoggerMessage(1118, LogLevel.Warning, "Tenant {TenantId}: token rotation attempt failed ({Problem}); the old socket stays, retrying while its token lives")]
    public static partial void RotationFailed(ILogger logger, string tenantId, string problem);

    [LoggerMessage(1202, LogLevel.Information, "Tenant {TenantId}: background re-read of {Agents} agents, one pass every {Pass} (a bulk request every {Interval})")]
    public static partial void AntiEntropyPaced(ILogger logger, string tenantId, int agents, TimeSpan pass, TimeSpan interval);

    [LoggerMessage(1203, LogLevel.Warning, "Tenant {TenantId}: a re-read ({Cause}) found {Changed} of {Agents} agents wrong; repaired")]
    public static partial void DriftRepaired(ILogger logger, string tenantId, int changed, int agents, string cause);

    [LoggerMessage(1109, LogLevel.Warning, "Tenant {TenantId}: subscription refused locally: {Reason}")]
    public static partial void SubscriptionRefused(ILogger logger, string tenantId, string reason);

    [LoggerMessage(1200, LogLevel.Warning, "Tenant {TenantId}: the consumer is behind (buffer of {Capacity} full for {Timeout}); shedding deltas, their agents will be re-read")]
    public static partial void SheddingStarted(ILogger logger, string tenantId, int capacity, TimeSpan timeout);

    [LoggerMessage(1201, LogLevel.Warning, "Tenant {TenantId}: shedding over; resnapshot requested for {Agents} agents")]
    public static partial void ResnapshotRequested(ILogger logger, string tenantId, int agents);

    [LoggerMessage(1300, LogLevel.Information, "Tenant {TenantId}: {Operation} attempt {Attempt} failed ({Problem}); retrying")]
    public static partial void RestRetry(ILogger logger, string tenantId, string operation, int attempt, string problem);

    [LoggerMessage(1301, LogLevel.Warning, "Tenant {TenantId}: bulk snapshot left {Unanswered} of {Asked} ids unanswered; reported as not found")]
    public static partial void SnapshotIdsUnanswered(ILogger logger, string tenantId, int unanswered, int asked);
}
