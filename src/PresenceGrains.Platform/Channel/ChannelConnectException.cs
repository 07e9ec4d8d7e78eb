using System.Net;

namespace PresenceGrains.Platform.Channel;

/// <summary>The WebSocket upgrade failed: the platform's status (401, 429, …) and its <c>Retry-After</c>, when it sent one.</summary>
internal sealed class ChannelConnectException(string message, HttpStatusCode? statusCode, TimeSpan? retryAfter) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
