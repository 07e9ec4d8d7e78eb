using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Rest;

/// <summary>
/// Every REST call to the platform goes through here: paced by <see cref="RestPacer"/>, authorised with the current
/// token, and retried on what retrying can fix (429 after its <c>Retry-After</c>, 401 with a fresh token, 5xx, network
/// errors, timeouts) up to <see cref="PlatformOptions.MaxRestAttempts"/>. Only then does a failure reach the caller.
/// </summary>
internal sealed class PlatformRestClient(HttpClient http, OAuthTokenProvider tokens, RestPacer pacer, PlatformOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryInitialDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryMaximumDelay = TimeSpan.FromSeconds(5);

    private readonly BackoffPolicy _retryBackoff = new(initial: RetryInitialDelay, maximum: RetryMaximumDelay);

    /// <summary>
    /// Sends the request <paramref name="createRequest"/> builds (a new one per attempt) and returns the body of the
    /// successful answer, or null for a 404 when <paramref name="notFoundIsAnswer"/>.
    /// </summary>
    public async Task<byte[]?> SendAsync(string operation, Func<HttpRequestMessage> createRequest, bool notFoundIsAnswer, CancellationToken cancellationToken)
    {
        var lastProblem = "none";
        HttpStatusCode? lastStatus = null;
        for (var attempt = 1; attempt <= options.MaxRestAttempts; attempt++)
        {
            await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await TryOnceAsync(operation, createRequest, notFoundIsAnswer, cancellationToken).ConfigureAwait(false);
            if (outcome.Done)
            {
                return outcome.Body;
            }

            lastProblem = outcome.Problem;
            lastStatus = outcome.Status ?? lastStatus;
            if (attempt == options.MaxRestAttempts)
            {
                break;
            }

            PlatformLog.RestRetry(logger, options.TenantId, operation, attempt, lastProblem);
            if (outcome.RetryAfter is { } platformWait)
            {
                // A 429 slows every caller of this tenant, not only this one.
                pacer.Throttled(platformWait);
            }
            else if (!outcome.RetryAtOnce)
            {
                await Task.Delay(_retryBackoff.NextDelay(attempt - 1), time, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new PlatformRequestException(
            $"{operation} for tenant '{options.TenantId}' failed after {options.MaxRestAttempts} attempts; last problem: {lastProblem}.",
            lastStatus);
    }

    private async Task<AttemptOutcome> TryOnceAsync(string operation, Func<HttpRequestMessage> createRequest, bool notFoundIsAnswer, CancellationToken cancellationToken)
    {
        AccessToken token;
        try
        {
            token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformRequestException ex)
        {
            return AttemptOutcome.Retry(ex.Message, ex.StatusCode, ex.RetryAfter);
        }

        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var answer = await PlatformExchange.SendAsync(http, request, options, time, operation, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { } failure)
        {
            return AttemptOutcome.Retry(failure, null, null);
        }

        if (answer.RateLimit is { Exhausted: true } limit)
        {
            // The budget is spent: wait for its reset rather than spend a request on a certain 429.
            pacer.Pause(limit.Reset);
        }

        if (answer.IsSuccess)
        {
            pacer.Succeeded();
            return AttemptOutcome.Answer(answer.Body);
        }

        var status = answer.Status;
        switch (status)
        {
            case HttpStatusCode.NotFound when notFoundIsAnswer:
                return AttemptOutcome.Answer(null);
            case HttpStatusCode.Unauthorized:
                // Rotate before the retry: the next attempt asks for a new token (seed edge case 3).
                tokens.Reject(token);
                return AttemptOutcome.RetryNow("401 Unauthorized", status);
            case HttpStatusCode.TooManyRequests:
                var retryAfter = answer.RetryAfter ?? pacer.Interval;
                if (retryAfter > options.MaxRestRetryAfter)
                {
                    throw new PlatformRequestException(
                        $"{operation} for tenant '{options.TenantId}': the platform asked to wait {retryAfter}, longer than MaxRestRetryAfter ({options.MaxRestRetryAfter}).",
                        status,
                        retryAfter);
                }

                return AttemptOutcome.Retry($"429 Too Many Requests, Retry-After {retryAfter}", status, retryAfter);
            case HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError:
                return AttemptOutcome.Retry($"{(int)status} {status}", status, null);
            default:
                // A 4xx other than the above will fail the same way every time: report it now, with the platform's words.
                var excerpt = SecretRedactor.Redact(Encoding.UTF8.GetString(answer.Body, 0, Math.Min(answer.Body.Length, 256)));
                throw new PlatformRequestException(
                    $"{operation} for tenant '{options.TenantId}' was refused: {(int)status} {status} {excerpt}".TrimEnd(), status);
        }
    }

    /// <summary>One attempt: finished (with a body or a 404), or to be retried (after a delay, or at once).</summary>
    private readonly record struct AttemptOutcome(bool Done, byte[]? Body, string Problem, HttpStatusCode? Status, TimeSpan? RetryAfter, bool RetryAtOnce)
    {
        public static AttemptOutcome Answer(byte[]? body) => new(true, body, string.Empty, null, null, false);

        public static AttemptOutcome Retry(string problem, HttpStatusCode? status, TimeSpan? retryAfter) =>
            new(false, null, problem, status, retryAfter, false);

        public static AttemptOutcome RetryNow(string problem, HttpStatusCode status) => new(false, null, problem, status, null, true);
    }
}
