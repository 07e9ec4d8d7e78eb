using System.Net;
using System.Net.WebSockets;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Tests;

/// <summary>The Genesys mode's faults over real HTTP and WebSockets: socket_closing, expiry, revocation, 429.</summary>
public sealed class GenesysFaultTests
{
    [Fact]
    public async Task Socket_closing_is_announced_and_the_socket_closes_after_the_grace_while_the_channel_stays_usable()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (channel, socket) = await client.OpenAsync(agent);
        await using var _ = socket;

        using var http = TestEmulator.Http(server);
        using (var response = await http.PostAsync("emulator/faults/socket-closing", new StringContent("""{"graceSeconds":1}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var notice = await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.SocketClosing);
        GenesysTestClient.AssertValidFrame(notice);
        Assert.Equal(channel.Id, notice.GetProperty("eventBody").GetProperty("channelId").GetString());

        // Events still flow during the grace; then the platform closes.
        server.Centre.SetUserState(agent, "available");
        await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent));
        Assert.Null(await socket.ReceiveUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);

        await using var again = await GenesysTestClient.ConnectAsync(channel);
        server.Centre.SetUserState(agent, "notReady", "lunch");
        var presence = await again.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent));
        Assert.Equal("Meal", presence.GetProperty("eventBody").GetProperty("presenceDefinition").GetProperty("systemPresence").GetString());
    }

    [Fact]
    public async Task A_channel_expires_after_its_lifetime_unless_subscribed_again_and_is_gone_after()
    {
        await using var server = await GenesysTestClient.StartAsync(o => o.Genesys.ChannelLifetime = TimeSpan.FromSeconds(2));
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (channel, socket) = await client.OpenAsync(agent);
        await using var _ = socket;
        Assert.InRange(channel.Expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.5));

        var expired = await socket.ReceiveUntilAsync(f => f.Topic() is null, TimeSpan.FromSeconds(15));
        GenesysTestClient.AssertValidFrame(expired);
        Assert.Equal("404", expired.GetProperty("result").GetString());
        Assert.Null(await socket.ReceiveUntilClosedAsync());

        using var head = await client.SendAsync(HttpMethod.Head, $"api/v2/notifications/channels/{channel.Id}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var (status, _) = await client.SubscribeAsync(channel.Id, [GenesysTopics.Presence(agent)]);
        Assert.Equal(HttpStatusCode.NotFound, status);
        await Assert.ThrowsAsync<WebSocketException>(() => ChannelClient.ConnectToAsync(new Uri(channel.ConnectUri)));
    }

    [Fact]
    public async Task Expire_channels_ends_every_channel_now()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var (channel, socket) = await client.OpenAsync(server.Centre.Agents[0].AgentId);
        await using var _ = socket;

        server.ExpireChannels();

        Assert.Equal("404", (await socket.ReceiveUntilAsync(f => f.Topic() is null)).GetProperty("result").GetString());
        Assert.Equal(0, server.GenesysChannels);
        using var head = await client.SendAsync(HttpMethod.Head, $"api/v2/notifications/channels/{channel.Id}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_ends_its_channels_with_token_revoked_and_its_calls_with_401()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var (channel, socket) = await client.OpenAsync(server.Centre.Agents[0].AgentId);
        await using var _ = socket;

        server.RevokeTokens();

        var notice = await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.TokenRevoked);
        GenesysTestClient.AssertValidFrame(notice);
        Assert.Equal(GenesysSystemMessage.TokenRevoked, notice.GetProperty("eventBody").GetProperty("systemTopicType").GetString());
        Assert.Null(await socket.ReceiveUntilClosedAsync());
        using var refused = await client.SendAsync(HttpMethod.Get, "api/v2/notifications/channels");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var fresh = await GenesysTestClient.LoginAsync(server);
        using var head = await fresh.SendAsync(HttpMethod.Head, $"api/v2/notifications/channels/{channel.Id}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused_by_the_api_but_the_channel_it_made_keeps_its_socket()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (_, socket) = await client.OpenAsync(agent);
        await using var _ = socket;

        server.ExpireTokens();

        using var refused = await client.SendAsync(HttpMethod.Get, "api/v2/notifications/channels");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        server.Centre.SetUserState(agent, "available");
        GenesysTestClient.AssertValidFrame(await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent)));
    }

    [Fact]
    public async Task Every_api_answer_carries_the_rate_limit_headers_and_beyond_the_limit_is_a_429_with_retry_after()
    {
        await using var server = await GenesysTestClient.StartAsync(o => o.RestRateLimit = new RestRateLimitOptions { RatePerSecond = 1, Burst = 3 });
        using var client = await GenesysTestClient.LoginAsync(server);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.SendAsync(HttpMethod.Get, "api/v2/notifications/channels");
            statuses.Add(response.StatusCode);
            Assert.Equal("3", Header(response, "inin-ratelimit-allowed"));
            Assert.NotNull(Header(response, "inin-ratelimit-count"));
            Assert.NotNull(Header(response, "inin-ratelimit-reset"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
                break;
            }

            response.Dispose();
        }

        using var _ = limited;
        Assert.NotNull(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        Assert.Equal(429, (await GenesysTestClient.ReadValidAsync(limited, GenesysSchemaKind.ErrorBody)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_rate_limit_fault_refuses_the_next_calls_then_lets_them_through()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        server.Faults.RateLimit = new RateLimitFault(Count: 2, RetryAfterSeconds: 7);

        for (var i = 0; i < 2; i++)
        {
            using var refused = await client.SendAsync(HttpMethod.Get, "api/v2/users?id=agent-0001&expand=presence");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        }

        using var allowed = await client.SendAsync(HttpMethod.Get, "api/v2/users?id=agent-0001&expand=presence");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await GenesysTestClient.ReadValidAsync(allowed, GenesysSchemaKind.UserListing);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
