using System.Collections.Concurrent;
using System.Text.Json;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Sits in front of the real socket handler of every test's HttpClient and remembers each access token the platform
/// issues, so the log audit can look for the actual values.
/// </summary>
public sealed class TokenCapture : DelegatingHandler
{
    public static ConcurrentDictionary<string, byte> IssuedTokens { get; } = new();

    public TokenCapture()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>A client as every test uses it: real sockets, tokens remembered.</summary>
    public static HttpClient CreateClient() => new(new TokenCapture());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal) == true && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { } value)
            {
                IssuedTokens.TryAdd(value, 0);
            }
        }

        return response;
    }
}
