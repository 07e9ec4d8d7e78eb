using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>The REST client's retry rules, against a stand-in that fails on purpose (the emulator only fails with 429 and 401).</summary>
public sealed class PlatformRestClientTests : IDisposable
{
    private readonly StubPlatform _platform = new();
    private readonly HttpClient _http;
    private readonly OAuthTokenProvider _tokens;
    private readonly PlatformRestClient _rest;
    private readonly PlatformEndpoints _endpoints;

    public PlatformRestClientTests()
    {
        var options = TestOptions.For(new Uri("http://platform.test/"), o => o.MaxRestAttempts = 3);
        var logger = CapturedLog.Factory.CreateLogger<PlatformRestClientTests>();
        _http = new HttpClient(_platform);
        _endpoints = new PlatformEndpoints(options.BaseUrl!);
        _tokens = new OAuthTokenProvider(_http, options, _endpoints, new ConfiguredClientSecretSource(options.ClientSecret), TimeProvider.System, logger, PlatformMetrics.Shared);
        _rest = new PlatformRestClient(_http, _tokens, new RestPacer(TimeProvider.System, 1000), options, TimeProvider.System, logger);
    }

    public void Dispose()
    {
        _tokens.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task A_platform_that_keeps_failing_surfaces_one_clear_error_after_the_bounded_tries()
    {
        _platform.Rest = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        var failure = await Assert.ThrowsAsync<PlatformRequestException>(() => SendAsync());

        Assert.Equal(3, _platform.RestRequests);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failure.StatusCode);
        Assert.Equal("Snapshot for tenant 'demo' failed after 3 attempts; last problem: 503 ServiceUnavailable.", failure.Message);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_never_reaches_the_caller()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.BadGateway, HttpStatusCode.TooManyRequests, HttpStatusCode.OK]);
        _platform.Rest = _ =>
        {
            var response = new HttpResponseMessage(answers.Dequeue()) { Content = new StringContent("{}") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return response;
        };

        var body = await SendAsync();

        Assert.Equal("{}", Encoding.UTF8.GetString(body!));
        Assert.Equal(3, _platform.RestRequests);
    }

    [Fact]
    public async Task A_request_the_platform_calls_bad_fails_at_once_with_its_reason()
    {
        _platform.Rest = _ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"more than 50 ids"}""") };

        var failure = await Assert.ThrowsAsync<PlatformRequestException>(() => SendAsync());

        Assert.Equal(1, _platform.RestRequests);
        Assert.Contains("400 BadRequest", failure.Message);
        Assert.Contains("more than 50 ids", failure.Message);
    }

    [Fact]
    public async Task A_404_is_an_answer_only_where_the_caller_says_so()
    {
        Assert.Null(await _rest.SendAsync("Snapshot", () => new HttpRequestMessage(HttpMethod.Get, _endpoints.User("nobody")), true, default));
        await Assert.ThrowsAsync<PlatformRequestException>(() => SendAsync());
    }

    private Task<byte[]?> SendAsync() =>
        _rest.SendAsync("Snapshot", () => new HttpRequestMessage(HttpMethod.Get, _endpoints.User("agent-1")), false, default);
}
