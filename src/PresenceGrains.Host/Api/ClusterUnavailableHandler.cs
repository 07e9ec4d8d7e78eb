using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace PresenceGrains.Host.Api;

/// <summary>
/// Answers 503 with <c>Retry-After</c>, not 500, when a request's grain is on a silo that stopped answering: until
/// membership declares that silo dead (seconds, docs/decisions.md "Membership and failover") its grains are still placed
/// there, and a call to one is refused or times out. The service is not broken; the caller should try again shortly.
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>What <c>Retry-After</c> says: about one membership probe round.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsClusterUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(httpContext.Request.Path, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Presence is moving to another silo",
                Detail = $"The silo that holds this answer stopped responding; the cluster moves its grains elsewhere. Try again in {RetryAfterSeconds} s.",
            },
        });
    }

    /// <summary>A grain call refused or unanswered because of where its grain is, not because of what it asked.</summary>
    public static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsClusterUnavailable(aggregate.InnerExceptions[0]),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: answered 503, a silo did not answer ({Exception})")]
    private partial void LogUnavailable(string path, string exception);
}
