using System.Net;

namespace PresenceGrains.Platform.Rest;

/// <summary>
/// A request to the platform failed for good (after its retries, or at once when retrying cannot help). The message
/// names the operation and the platform's answer, never a token or secret.
/// </summary>
public sealed class PlatformRequestException : Exception
{
    public PlatformRequestException(string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The platform's last HTTP status, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the platform asked the client to wait, when it did (429).</summary>
    public TimeSpan? RetryAfter { get; }
}
