using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// A platform stand-in isolating one unit (the token provider, the REST client) from the emulator: its token endpoint
/// issues numbered tokens, can hold its answers (to line up concurrent callers) or refuse, and records what it was sent;
/// every other request is answered by <see cref="Rest"/>.
/// </summary>
public sealed class StubPlatform : HttpMessageHandler
{
    private readonly ConcurrentQueue<(string? Authorization, string Body)> _requests = new();
    private TaskCompletionSource _gate = CompletedGate();
    private int _issued;
    private int _restRequests;

    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>When set, every request is answered with this status and an OAuth error body.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public IReadOnlyCollection<(string? Authorization, string Body)> Requests => _requests;

    /// <summary>The answer to any request but a token request; 404 when unset.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? Rest { get; set; }

    /// <summary>How many requests <see cref="Rest"/> answered.</summary>
    public int RestRequests => Volatile.Read(ref _restRequests);

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public static string TokenNumber(int n) => $"stub-access-token-{n:D4}";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath != "/oauth/token")
        {
            Interlocked.Increment(ref _restRequests);
            return Rest?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        _requests.Enqueue((request.Headers.Authorization?.ToString(), await request.Content!.ReadAsStringAsync(cancellationToken)));
        await _gate.Task.WaitAsync(cancellationToken);
        if (FailWith is { } status)
        {
            return new HttpResponseMessage(status)
            {
                Content = new StringContent("""{"error":"invalid_client","error_description":"unknown client"}""", Encoding.UTF8, "application/json"),
            };
        }

        var token = TokenNumber(Interlocked.Increment(ref _issued));
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                $$"""{"access_token":"{{token}}","token_type":"bearer","expires_in":{{ExpiresInSeconds}},"scope":"presence:subscribe user:read"}""",
                Encoding.UTF8,
                "application/json"),
        };
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
