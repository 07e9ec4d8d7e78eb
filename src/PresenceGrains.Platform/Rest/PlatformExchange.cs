using System.Net;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Rest;

/// <summary>
/// One HTTP exchange with the platform: sent with the REST timeout, the answer read whole (within the size limit) and
/// the response released. A network failure or a timeout comes back as <see cref="PlatformAnswer.Failure"/>, redacted.
/// </summary>
internal static class PlatformExchange
{
    public static async Task<PlatformAnswer> SendAsync(
        HttpClient http,
        HttpRequestMessage request,
        PlatformOptions options,
        TimeProvider time,
        string operation,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await BoundedContent.ReadAsync(response.Content, options.MaxResponseBytes, operation, linked.Token).ConfigureAwait(false);
            var retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfterHeader.Parse(response, time.GetUtcNow()) : null;
            return new PlatformAnswer(response.StatusCode, body, retryAfter, null) { RateLimit = RateLimitHeaders.Parse(response) };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return PlatformAnswer.Failed(SecretRedactor.Describe(ex));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PlatformAnswer.Failed($"no answer within {options.RestTimeout}");
        }
    }
}

/// <summary>The platform's answer (status, body, and its <c>Retry-After</c> on a 429), or why there was none.</summary>
internal sealed record PlatformAnswer(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter, string? Failure)
{
    /// <summary>The platform's rate-limit headers, when it sends them (Genesys does).</summary>
    public RateLimitHeaders? RateLimit { get; init; }

    public bool IsSuccess => Failure is null && (int)Status is >= 200 and < 300;

    public static PlatformAnswer Failed(string failure) => new(0, [], null, failure);
}
