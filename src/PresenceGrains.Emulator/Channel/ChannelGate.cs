using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Emulator.OAuth;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// Decides a WebSocket upgrade before it happens, as plain HTTP: 401 without a valid, unexpired token carrying
/// <c>presence:subscribe</c>; 429 + Retry-After when refused by the fault or the tenant's connection rate. Every
/// attempt goes to the handshake log (never the token).
/// </summary>
internal sealed partial class ChannelGate(
    TokenStore tokens, ConnectionRateLimiter limiter, EmulatorFaults faults, BoundedLog<HandshakeRecord> log, TimeProvider time, ILogger<ChannelGate> logger)
{
    public const string RequiredScope = "presence:subscribe";

    public (IssuedToken? Token, IResult? Refusal) Admit(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Refuse(null, HandshakeOutcome.NotWebSocket, Results.Text("WebSocket upgrade required", statusCode: StatusCodes.Status400BadRequest));
        }

        var check = tokens.Check(context.Request.Query["access_token"].FirstOrDefault(), out var token);
        if (check != TokenCheck.Valid || token is null)
        {
            var outcome = check switch
            {
                TokenCheck.Missing => HandshakeOutcome.MissingToken,
                TokenCheck.Expired => HandshakeOutcome.ExpiredToken,
                TokenCheck.Revoked => HandshakeOutcome.RevokedToken,
                _ => HandshakeOutcome.InvalidToken,
            };
            return Refuse(token, outcome, Unauthorized(context, "invalid_token", check.Describe()));
        }

        if (!token.Scopes.Contains(RequiredScope))
        {
            return Refuse(token, HandshakeOutcome.MissingScope, Unauthorized(context, "insufficient_scope", $"the token lacks {RequiredScope}"));
        }

        if (faults.TryRefuse(time.GetUtcNow(), out var retryAfterSeconds))
        {
            return Refuse(token, HandshakeOutcome.Refused, RetryAfter.TooManyRequests(context, TimeSpan.FromSeconds(retryAfterSeconds), "reconnects refused"));
        }

        if (!limiter.TryAcquire(token.Tenant.TenantId, out var retryAfter))
        {
            return Refuse(token, HandshakeOutcome.RateLimited, RetryAfter.TooManyRequests(context, retryAfter, "connection rate exceeded for this tenant"));
        }

        Record(token, HandshakeOutcome.Accepted);
        return (token, null);
    }

    private (IssuedToken?, IResult?) Refuse(IssuedToken? token, HandshakeOutcome outcome, IResult answer)
    {
        Record(token, outcome);
        return (null, answer);
    }

    private void Record(IssuedToken? token, HandshakeOutcome outcome)
    {
        log.Append(new HandshakeRecord(time.GetUtcNow(), token?.Tenant.ClientId, token?.Tenant.TenantId, outcome));
        LogHandshake(logger, token?.Tenant.ClientId ?? "(unknown)", outcome);
    }

    private static IResult Unauthorized(HttpContext context, string error, string description)
    {
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\", error_description=\"{description}\"";
        return Results.Text(description, statusCode: StatusCodes.Status401Unauthorized);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel handshake from {ClientId}: {Outcome}")]
    private static partial void LogHandshake(ILogger logger, string clientId, HandshakeOutcome outcome);
}
