using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Emulator.OAuth;

namespace PresenceGrains.Emulator.Rest;

/// <summary>What every REST presence call passes first: a bearer token with a read scope, then the client's rate limit.</summary>
internal sealed class RestGate(TokenStore tokens, RestRateLimiter limiter)
{
    public static readonly string[] ReadScopes = ["user:read", "realtime:presence:read"];

    public (IssuedToken? Token, IResult? Refusal) Admit(HttpContext context)
    {
        var (token, refusal) = BearerAuth.Authenticate(context, tokens, ReadScopes);
        if (token is null)
        {
            return (null, refusal);
        }

        return limiter.TryAcquire(token.Tenant.ClientId, out var retryAfter)
            ? (token, null)
            : (null, RetryAfter.TooManyRequests(context, retryAfter, "REST rate limit exceeded for this client"));
    }
}
