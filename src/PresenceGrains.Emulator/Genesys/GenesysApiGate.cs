using System.Globalization;
using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Emulator.OAuth;
using PresenceGrains.Emulator.Rest;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// What every Platform API call passes first: a bearer token (401 <c>bad.credentials</c>), then the client's rate
/// limit. Every answer that got this far carries <c>inin-ratelimit-allowed</c>, <c>-count</c> and <c>-reset</c>; beyond
/// the limit (or under the <c>rate-limit</c> fault) the call is a 429 with <c>Retry-After</c> in whole seconds.
/// </summary>
internal sealed class GenesysApiGate(TokenStore tokens, RestRateLimiter limiter, EmulatorFaults faults, EmulatorOptions options)
{
    public (IssuedToken? Token, IResult? Refusal) Admit(HttpContext context)
    {
        var check = tokens.Check(BearerAuth.Presented(context), out var token);
        if (check != TokenCheck.Valid || token is null)
        {
            return (null, GenesysErrors.Result(StatusCodes.Status401Unauthorized, "bad.credentials", $"Invalid login credentials: {check.Describe()}."));
        }

        var limits = options.RestRateLimit;
        if (faults.TryRateLimit(out var faultRetry))
        {
            AddHeaders(context, limits.Burst, 0);
            return (null, TooManyRequests(context, TimeSpan.FromSeconds(faultRetry)));
        }

        var allowed = limiter.TryAcquire(token.Tenant.ClientId, out var retryAfter, out var remaining);
        AddHeaders(context, limits.Burst, remaining);
        return allowed ? (token, null) : (null, TooManyRequests(context, retryAfter));
    }

    private void AddHeaders(HttpContext context, int burst, int remaining)
    {
        var used = burst - remaining;
        var headers = context.Response.Headers;
        headers["inin-ratelimit-allowed"] = burst.ToString(CultureInfo.InvariantCulture);
        headers["inin-ratelimit-count"] = used.ToString(CultureInfo.InvariantCulture);
        headers["inin-ratelimit-reset"] = ((int)Math.Ceiling(used / options.RestRateLimit.RatePerSecond)).ToString(CultureInfo.InvariantCulture);
    }

    private static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        RetryAfter.TooManyRequests(context, retryAfter, "");
        return GenesysErrors.Result(StatusCodes.Status429TooManyRequests, "too.many.requests", "Rate limit exceeded the maximum. Retry the request after the Retry-After period.");
    }
}

/// <summary>Genesys's REST error answers.</summary>
internal static class GenesysErrors
{
    public static IResult Result(int status, string code, string message) =>
        Results.Json(new GenesysErrorBody(message, code, status, Guid.NewGuid().ToString()), GenesysJsonContext.Default.GenesysErrorBody, statusCode: status);

    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, "not.found", $"{what} not found.");

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, "bad.request", message);
}
