using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Sits in front of the real socket handler of every test's HttpClient: remembers each access token the platform issues
/// (so the log audit can look for the actual values), counts the platform's 429 answers and keeps every answer's time.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<Answer> _answers = new();
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

    /// <summary>Every answer in the order it came, with when its request was sent and when it was answered.</summary>
    public IReadOnlyList<Answer> Answers => [.. _answers];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var sent = DateTimeOffset.UtcNow;
        var response = await base.SendAsync(request, cancellationToken);
        _answers.Enqueue(new Answer(request.RequestUri?.AbsolutePath ?? string.Empty, response.StatusCode, sent, DateTimeOffset.UtcNow, response.Headers.RetryAfter?.Delta));
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

/// <summary>One REST answer as the client saw it.</summary>
public sealed record Answer(string Path, HttpStatusCode Status, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, TimeSpan? RetryAfter);
