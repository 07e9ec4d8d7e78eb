using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Sits in front of the real socket handler of every test's HttpClient: remembers each access token the platform issues
/// (so the log audit can look for the actual values) and counts the platform's 429 answers.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private int _throttled;
    private int _requests;

    public RecordingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Every token issued to any client of this test run.</summary>
    public static ConcurrentDictionary<string, byte> IssuedTokens { get; } = new();

    /// <summary>How many requests went through this handler.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many answers through this handler were 429.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref _throttled);
        }

        if (request.RequestUri?.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal) == true && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (document.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { } value)
            {
                IssuedTokens.TryAdd(value, 0);
            }
        }

        return response;
    }
}
