using System.Net;
using System.Net.WebSockets;
using PresenceGrains.Emulator.Tests.Support;

namespace PresenceGrains.Emulator.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task A_token_with_presence_subscribe_gets_101_and_one_without_gets_401()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var good = await TestEmulator.TokenAsync(http);
        var readOnly = await TestEmulator.TokenAsync(http, TestEmulator.NoSubscribeClient, TestEmulator.NoSubscribeSecret);

        await using var accepted = await ChannelClient.ConnectAsync(server, good);
        var refused = await UpgradeStatusAsync(server, readOnly);
        var forged = await UpgradeStatusAsync(server, "not-a-token-this-platform-issued");

        Assert.Equal(WebSocketState.Open, accepted.Socket.State);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        var outcomes = server.Handshakes.All().Select(h => (h.ClientId, h.Outcome)).ToList();
        Assert.Equal(
            [(TenantOptions.DemoClientId, HandshakeOutcome.Accepted), (TestEmulator.NoSubscribeClient, HandshakeOutcome.MissingScope), (null, HandshakeOutcome.InvalidToken)],
            outcomes);
    }

    [Fact]
    public async Task An_expired_or_revoked_token_gets_401_at_the_handshake()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var expired = await TestEmulator.TokenAsync(http);
        server.ExpireTokens();
        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(server, expired));

        var revoked = await TestEmulator.TokenAsync(http);
        server.RevokeTokens();
        Assert.Equal(HttpStatusCode.Unauthorized, await UpgradeStatusAsync(server, revoked));

        Assert.Equal([HandshakeOutcome.ExpiredToken, HandshakeOutcome.RevokedToken], server.Handshakes.All().Select(h => h.Outcome));
    }

    [Fact]
    public async Task The_tenant_connection_rate_limit_answers_429_with_retry_after()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.ConnectionRateLimit.PermitLimit = 2;
            o.ConnectionRateLimit.Window = TimeSpan.FromMinutes(1);
        });
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        await using var first = await ChannelClient.ConnectAsync(server, token);
        await using var second = await ChannelClient.ConnectAsync(server, token);

        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{server.ChannelUrl}?access_token={token}"), Timeouts.Token()));

        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
        var retryAfter = int.Parse(socket.HttpResponseHeaders!["Retry-After"].Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HandshakeOutcome.RateLimited, server.Handshakes.All()[^1].Outcome);
    }

    [Fact]
    public async Task A_plain_request_to_the_channel_gets_400()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var response = await http.GetAsync("api/v2/presence?access_token=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>The HTTP status of an upgrade attempt that is expected to fail.</summary>
    internal static async Task<HttpStatusCode> UpgradeStatusAsync(EmulatorServer server, string token)
    {
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{server.ChannelUrl}?access_token={Uri.EscapeDataString(token)}"), Timeouts.Token()));
        return socket.HttpStatusCode;
    }
}
