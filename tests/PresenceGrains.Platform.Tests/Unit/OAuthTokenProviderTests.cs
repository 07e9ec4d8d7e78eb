using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class OAuthTokenProviderTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly StubPlatform _endpoint = new();
    private readonly HttpClient _http;
    private readonly OAuthTokenProvider _tokens;

    public OAuthTokenProviderTests()
    {
        _http = new HttpClient(_endpoint);
        _tokens = Create();
    }

    public void Dispose()
    {
        _tokens.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task Client_credentials_go_as_basic_auth_with_the_grant_type_form()
    {
        await _tokens.GetTokenAsync(default);

        var (authorization, body) = Assert.Single(_endpoint.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("presence-demo:presence-demo-secret")), authorization);
        Assert.Equal("grant_type=client_credentials", body);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        _endpoint.Hold();

        var callers = Enumerable.Range(0, 8).Select(_ => _tokens.GetTokenAsync(default)).ToArray();
        await Eventually.HoldsAsync(() => _endpoint.Requests.Count == 1, "the first token request");
        _endpoint.Release();
        var tokens = await Task.WhenAll(callers);

        Assert.Single(_endpoint.Requests);
        Assert.All(tokens, t => Assert.Same(tokens[0], t));
    }

    [Fact]
    public async Task A_token_is_replaced_60_seconds_before_it_expires()
    {
        var first = await _tokens.GetTokenAsync(default);
        Assert.Equal(_time.GetUtcNow().AddHours(1), first.ExpiresAt);

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(61));
        Assert.Same(first, await _tokens.GetTokenAsync(default));

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _tokens.GetTokenAsync(default);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(1, _tokens.Refreshes);
        Assert.Equal(second.ExpiresAt, _tokens.ExpiresAt);
    }

    [Fact]
    public async Task A_short_lived_token_is_replaced_at_half_life()
    {
        _endpoint.ExpiresInSeconds = 40;
        var first = await _tokens.GetTokenAsync(default);

        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Same(first, await _tokens.GetTokenAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, await _tokens.GetTokenAsync(default));
    }

    [Fact]
    public async Task A_rejected_token_is_never_handed_out_again()
    {
        var first = await _tokens.GetTokenAsync(default);

        _tokens.Reject(first);
        var second = await _tokens.GetTokenAsync(default);

        Assert.NotEqual(first.Value, second.Value);

        // A late 401 for the old token must not throw away the new one.
        _tokens.Reject(first);
        Assert.Same(second, await _tokens.GetTokenAsync(default));
    }

    [Fact]
    public async Task Inside_the_margin_a_failing_endpoint_leaves_the_valid_token_in_use_but_an_expired_one_is_never_used()
    {
        _endpoint.ExpiresInSeconds = 300;
        var first = await _tokens.GetTokenAsync(default);
        _endpoint.FailWith = HttpStatusCode.ServiceUnavailable;

        _time.Advance(TimeSpan.FromSeconds(250));
        Assert.Same(first, await _tokens.GetTokenAsync(default));

        _time.Advance(TimeSpan.FromSeconds(50));
        var failure = await Assert.ThrowsAsync<PlatformRequestException>(() => _tokens.GetTokenAsync(default));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
    }

    [Fact]
    public async Task A_refused_request_says_why_without_the_secret()
    {
        _endpoint.FailWith = HttpStatusCode.Unauthorized;

        var failure = await Assert.ThrowsAsync<PlatformRequestException>(() => _tokens.GetTokenAsync(default));

        Assert.Contains("invalid_client", failure.Message);
        Assert.Contains("401", failure.Message);
        Assert.DoesNotContain(TestOptions.ClientSecret, failure.Message);
    }

    [Fact]
    public async Task The_secret_comes_from_a_secret_store_when_one_is_plugged_in()
    {
        var store = new RotatingSecretStore();
        using var tokens = Create(store);

        await tokens.GetTokenAsync(default);

        Assert.Equal([("demo", "presence-demo")], store.Asked);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("presence-demo:from-the-vault")), _endpoint.Requests.Last().Authorization);
    }

    [Fact]
    public async Task A_secret_store_that_fails_fails_the_token_request_as_a_platform_request_and_asks_again_next_time()
    {
        var store = new UnreachableSecretStore();
        using var tokens = Create(store);

        var failure = await Assert.ThrowsAsync<PlatformRequestException>(() => tokens.GetTokenAsync(default));
        await Assert.ThrowsAsync<PlatformRequestException>(() => tokens.GetTokenAsync(default));

        Assert.Contains("client secret of tenant 'demo'", failure.Message);
        Assert.Contains("vault unreachable", failure.Message);
        Assert.Equal(2, store.Calls);
        Assert.Empty(_endpoint.Requests);
    }

    private OAuthTokenProvider Create(IClientSecretSource? secrets = null)
    {
        var options = TestOptions.For(new Uri("https://platform.test/"));
        return new OAuthTokenProvider(
            _http,
            options,
            new PlatformEndpoints(options.BaseUrl!),
            secrets ?? new ConfiguredClientSecretSource(options.ClientSecret),
            _time,
            CapturedLog.Factory.CreateLogger<OAuthTokenProviderTests>(),
            PlatformMetrics.Shared);
    }

    private sealed class UnreachableSecretStore : IClientSecretSource
    {
        public int Calls { get; private set; }

        public ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken)
        {
            Calls++;
            throw new HttpRequestException("vault unreachable");
        }
    }

    private sealed class RotatingSecretStore : IClientSecretSource
    {
        public List<(string, string)> Asked { get; } = [];

        public ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken)
        {
            Asked.Add((tenantId, clientId));
            return ValueTask.FromResult("from-the-vault");
        }
    }
}
