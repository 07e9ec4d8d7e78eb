using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests;

public sealed class RestTests
{
    [Fact]
    public async Task The_user_snapshot_is_the_truth_in_the_seed_shape()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var agent = server.Centre.Agents[2];
        server.Centre.SetUserState(agent.AgentId, "available");
        server.Centre.SetDeviceState(agent.DeviceIds[0], "online");

        using var response = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, $"api/v2/presence/users/{agent.AgentId}", token));
        using var unknown = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, "api/v2/presence/users/agent-9999", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Frames.AssertValid(SchemaKind.UserSnapshot, body);
        var truth = server.Centre.Truth(agent.AgentId)!;
        Assert.Equal(("available", truth.UserLastUpdated), (body.Str("state"), body.GetProperty("lastUpdated").GetDateTimeOffset()));
        Assert.Equal(
            truth.Devices.Select(d => (d.DeviceId, d.State, d.LastUpdated)),
            body.GetProperty("devices").EnumerateArray().Select(d => (d.Str("deviceId")!, d.Str("state")!, d.GetProperty("lastUpdated").GetDateTimeOffset())));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_bulk_snapshot_answers_up_to_50_ids_and_lists_the_unknown_ones()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Simulation.AgentCount = 60);
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var ids = server.Centre.Agents.Take(49).Select(a => a.AgentId).Append("agent-nobody").ToList();
        var tooMany = server.Centre.Agents.Take(51).Select(a => a.AgentId);

        using var response = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, $"api/v2/presence/users?id={string.Join(',', ids)}", token));
        using var refused = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, $"api/v2/presence/users?id={string.Join(',', tooMany)}", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Frames.AssertValid(SchemaKind.BulkSnapshot, body);
        Assert.Equal(ids.Take(49), body.GetProperty("users").EnumerateArray().Select(u => u.Str("userId")));
        Assert.Equal(["agent-nobody"], body.GetProperty("notFound").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Snapshots_need_a_valid_bearer_token_with_a_read_scope()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var anonymous = await http.GetAsync("api/v2/presence/users/agent-0001");
        using var forged = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, "api/v2/presence/users/agent-0001", "forged-token-value"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("invalid_token", forged.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_rest_rate_limit_answers_429_with_retry_after_per_client()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.RestRateLimit.Burst = 3;
            o.RestRateLimit.RatePerSecond = 0.5;
        });
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var other = await TestEmulator.TokenAsync(http, TestEmulator.NoSubscribeClient, TestEmulator.NoSubscribeSecret);

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, "api/v2/presence/users/agent-0001", token));
            statuses.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.Delta;
        }

        using var otherClient = await http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, "api/v2/presence/users/agent-0001", other));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task A_correction_is_accepted_and_recorded()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var at = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var correction = new PresenceCorrection("agent-0001", "available", at, at.AddSeconds(4), 4000, "reconnected", null);
        var json = JsonSerializer.Serialize(correction, ProtocolJsonContext.Default.PresenceCorrection);
        Frames.AssertValid(SchemaKind.Correction, JsonElement.Parse(json));

        using var request = TestEmulator.Authorized(HttpMethod.Post, "api/v2/presence/users/agent-0001/corrections", token);
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var accepted = await http.SendAsync(request);
        using var mismatch = TestEmulator.Authorized(HttpMethod.Post, "api/v2/presence/users/agent-0002/corrections", token);
        mismatch.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var refused = await http.SendAsync(mismatch);
        var listed = await http.GetFromJsonAsync<JsonElement>("emulator/corrections");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var recorded = Assert.Single(server.Corrections.All());
        Assert.Equal((TenantOptions.DemoClientId, correction), (recorded.ClientId, recorded.Correction));
        Assert.Equal("agent-0001", listed.GetProperty("items")[0].GetProperty("correction").Str("userId"));
    }
}
