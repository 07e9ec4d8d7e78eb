using System.Net;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;

namespace PresenceGrains.Emulator.Tests;

public sealed class TokenTests
{
    [Fact]
    public async Task Client_credentials_get_a_bearer_token_with_the_tenant_scopes()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var response = await TestEmulator.RequestTokenAsync(http, TenantOptions.DemoClientId, TenantOptions.DemoClientSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Frames.AssertValid(SchemaKind.TokenResponse, body);
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Contains("presence:subscribe", body.Str("scope")!.Split(' '));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Wrong_credentials_get_401_with_an_oauth_error()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var wrongSecret = await TestEmulator.RequestTokenAsync(http, TenantOptions.DemoClientId, "guess");
        using var unknownClient = await TestEmulator.RequestTokenAsync(http, "nobody", TenantOptions.DemoClientSecret);

        foreach (var response in new[] { wrongSecret, unknownClient })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
            Frames.AssertValid(SchemaKind.OAuthError, body);
            Assert.Equal("invalid_client", body.Str("error"));
        }
    }

    [Fact]
    public async Task A_grant_other_than_client_credentials_gets_400()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var response = await TestEmulator.RequestTokenAsync(http, TenantOptions.DemoClientId, TenantOptions.DemoClientSecret, grant: "password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Frames.AssertValid(SchemaKind.OAuthError, body);
        Assert.Equal("unsupported_grant_type", body.Str("error"));
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_naming_the_key()
    {
        var options = TestEmulator.Options();
        options.Simulation.AgentCount = 0;
        options.HeartbeatInterval = TimeSpan.Zero;

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => EmulatorServer.StartAsync(options));

        Assert.Contains("Emulator:Simulation:AgentCount", error.Message);
        Assert.Contains("Emulator:HeartbeatInterval", error.Message);
    }
}
