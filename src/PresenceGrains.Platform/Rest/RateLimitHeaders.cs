using System.Globalization;

namespace PresenceGrains.Platform.Rest;

/// <summary>
/// Genesys's <c>inin-ratelimit-count</c>, <c>inin-ratelimit-allowed</c> and <c>inin-ratelimit-reset</c> (seconds until
/// the window resets): how much of the budget is spent. A platform that sends none gets null and nothing changes.
/// </summary>
internal sealed record RateLimitHeaders(long Count, long Allowed, TimeSpan Reset)
{
    /// <summary>The budget is spent: the next request would be refused with a 429 until the reset.</summary>
    public bool Exhausted => Count >= Allowed;

    public static RateLimitHeaders? Parse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response, "inin-ratelimit-count") is { } count
            && Read(response, "inin-ratelimit-allowed") is { } allowed and > 0
            && Read(response, "inin-ratelimit-reset") is { } reset
                ? new RateLimitHeaders(count, allowed, TimeSpan.FromSeconds(Math.Min(reset, 3600)))
                : null;
    }

    private static long? Read(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
