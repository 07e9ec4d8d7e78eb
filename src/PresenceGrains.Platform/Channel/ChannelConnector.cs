using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Opens the channel: a current token, then the WebSocket upgrade on <c>GET /api/v2/presence?access_token=…</c>.
/// A 401 rejects the token before anything else happens, so the next attempt asks for a new one (seed edge case 3).
/// </summary>
internal sealed class ChannelConnector(OAuthTokenProvider tokens, PlatformEndpoints endpoints, PlatformOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>An open socket and the token it was opened with; throws <see cref="ChannelConnectException"/> otherwise.</summary>
    public async Task<(ClientWebSocket Socket, AccessToken Token)> ConnectAsync(CancellationToken cancellationToken)
    {
        AccessToken token;
        try
        {
            token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformRequestException ex)
        {
            throw new ChannelConnectException(ex.Message, ex.StatusCode, ex.RetryAfter);
        }

        var uri = endpoints.Channel(token.Value);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        PlatformLog.ChannelConnecting(logger, options.TenantId, SecretRedactor.Redact(uri));

        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
            return (socket, token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            var status = socket.HttpStatusCode;
            var retryAfter = status == HttpStatusCode.TooManyRequests ? RetryAfter(socket) : null;
            socket.Dispose();
            if (status == HttpStatusCode.Unauthorized)
            {
                tokens.Reject(token);
            }

            var problem = timeout.IsCancellationRequested
                ? $"no upgrade within {options.HandshakeTimeout}"
                : status == 0 ? SecretRedactor.Describe(ex) : $"{(int)status} {status}";
            throw new ChannelConnectException($"Channel handshake for tenant '{options.TenantId}' failed: {problem}", status == 0 ? null : status, retryAfter);
        }
    }

    private TimeSpan? RetryAfter(ClientWebSocket socket)
    {
        var header = socket.HttpResponseHeaders?
            .FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault();
        return RetryAfterHeader.Parse(header, time.GetUtcNow());
    }
}
