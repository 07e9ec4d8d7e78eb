using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>
/// Watches the host's outgoing HTTP and keeps every access token the platform issues to it, so a test can look for
/// the very values the host held. It reads token answers and changes nothing.
/// </summary>
public sealed class IssuedTokenRecorder
{
    private readonly ConcurrentQueue<string> _tokens = new();

    public IReadOnlyCollection<string> Tokens => _tokens;

    public void Observe(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new Handler(_tokens)));

    private sealed class Handler(ConcurrentQueue<string> tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri?.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal) == true && response.IsSuccessStatusCode)
            {
                // Buffered, the answer can still be read by the platform client after this.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                tokens.Enqueue(answer.RootElement.GetProperty("access_token").GetString()!);
            }

            return response;
        }
    }
}
