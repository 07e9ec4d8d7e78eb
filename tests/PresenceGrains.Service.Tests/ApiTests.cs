using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>Every route of the HTTP API over real HTTP against the embedded default.</summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class ApiTests(EmbeddedHostFixture fixture)
{
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task The_agent_list_shows_every_watched_agent_with_counts_and_filters()
    {
        using var client = await Host.ClientAsync();
        var agentCount = Host.Emulator!.Server.Centre.Agents.Count;
        var list = await Wait.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>("/api/tenants/demo/agents"),
            l => l.GetProperty("agents").GetArrayLength() == agentCount && l.GetProperty("agents").EnumerateArray().All(a => a.GetProperty("sequence").GetInt64() > 0),
            what: "every agent listed and resolved");
        var counts = list.GetProperty("counts");
        Assert.Equal(agentCount, counts.EnumerateObject().Sum(c => c.Value.GetInt32()));

        foreach (var state in new[] { "offline", "available", "notReady", "wrapUp", "onCall" })
        {
            var filtered = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/demo/agents?state={state}");
            Assert.All(filtered.GetProperty("agents").EnumerateArray(), a => Assert.Equal(state, a.GetProperty("state").GetString()));
        }

        var routable = await client.GetFromJsonAsync<JsonElement>("/api/tenants/demo/agents?routable=true");
        Assert.All(routable.GetProperty("agents").EnumerateArray(), a =>
        {
            Assert.True(a.GetProperty("routable").GetBoolean());
            Assert.Equal("available", a.GetProperty("state").GetString());
        });
        var notRoutable = await client.GetFromJsonAsync<JsonElement>("/api/tenants/demo/agents?routable=false");
        Assert.All(notRoutable.GetProperty("agents").EnumerateArray(), a => Assert.False(a.GetProperty("routable").GetBoolean()));
    }

    [Theory]
    [InlineData("state=busy", "state")]
    [InlineData("state=3", "state")]
    [InlineData("routable=maybe", "routable")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string named)
    {
        using var client = await Host.ClientAsync();
        var response = await client.GetAsync($"/api/tenants/demo/agents?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(named, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task One_agent_has_state_routable_freshness_times_cause_sequence_and_devices()
    {
        using var client = await Host.ClientAsync();
        var agent = Host.Emulator!.Server.Centre.Agents[0];
        var presence = await Wait.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/tenants/demo/agents/{agent.AgentId}"),
            p => p.GetProperty("sequence").GetInt64() > 0);
        foreach (var member in new[] { "state", "routable", "freshness", "since", "lastUpdated", "cause", "sequence", "devices" })
        {
            Assert.True(presence.TryGetProperty(member, out _), $"missing {member}");
        }

        Assert.All(presence.GetProperty("devices").EnumerateArray(), d =>
        {
            Assert.Contains(d.GetProperty("deviceId").GetString(), agent.DeviceIds);
            Assert.True(d.TryGetProperty("state", out _) && d.TryGetProperty("lastUpdated", out _));
        });
    }

    [Fact]
    public async Task An_unknown_agent_is_a_404_problem()
    {
        using var client = await Host.ClientAsync();
        var response = await client.GetAsync("/api/tenants/demo/agents/nobody-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var history = await client.GetAsync("/api/tenants/demo/agents/nobody-here/history");
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Fact]
    public async Task A_device_reads_as_its_agent_resolved_it_and_an_unknown_device_is_a_404_problem()
    {
        using var client = await Host.ClientAsync();
        var agent = Host.Emulator!.Server.Centre.Agents.First(a => a.DeviceIds.Count > 0);
        var deviceId = agent.DeviceIds[0];
        var device = await Wait.UntilAsync(
            () => client.GetAsync($"/api/tenants/demo/devices/{deviceId}"), r => r.StatusCode == HttpStatusCode.OK, what: "the device read");
        var body = await device.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((deviceId, agent.AgentId), (body.GetProperty("deviceId").GetString(), body.GetProperty("agentId").GetString()));
        foreach (var member in new[] { "state", "reachable", "lastUpdated", "freshness" })
        {
            Assert.True(body.TryGetProperty(member, out _), $"missing {member}");
        }

        var unknown = await client.GetAsync("/api/tenants/demo/devices/no-such-device");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_lists_published_transitions_in_the_period_and_rejects_a_bad_period()
    {
        using var client = await Host.ClientAsync();
        var agent = Host.Emulator!.Server.Centre.Agents[0].AgentId;
        var history = await Wait.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/tenants/demo/agents/{agent}/history"),
            h => h.GetProperty("transitions").GetArrayLength() > 0);
        var ids = history.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.All(history.GetProperty("transitions").EnumerateArray(), t => Assert.Equal(agent, t.GetProperty("presence").GetProperty("agentId").GetString()));
        Assert.True(history.TryGetProperty("disconnections", out _));

        var future = DateTimeOffset.UtcNow.AddDays(1);
        var empty = await client.GetFromJsonAsync<JsonElement>(
            $"/api/tenants/demo/agents/{agent}/history?from={Uri.EscapeDataString(future.ToString("O"))}&to={Uri.EscapeDataString(future.AddHours(1).ToString("O"))}");
        Assert.Equal(0, empty.GetProperty("transitions").GetArrayLength());

        // Nothing is kept past the retention (35 days by default): a longer period is read and answered as that part.
        var wide = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/demo/agents/{agent}/history?from=2000-01-01T00:00:00Z");
        Assert.InRange(wide.GetProperty("from").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(-35).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(-35).AddMinutes(5));
        Assert.Equal(ids, wide.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).Take(ids.Count));

        var bad = await client.GetAsync($"/api/tenants/demo/agents/{agent}/history?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var reversed = await client.GetAsync($"/api/tenants/demo/agents/{agent}/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
    }

    [Fact]
    public async Task The_channel_shows_its_health_and_never_a_token()
    {
        using var client = await Host.ClientAsync();
        var raw = await Wait.UntilAsync(
            () => client.GetStringAsync("/api/tenants/demo/channel"),
            s => s.Contains("\"connection\":\"connected\"", StringComparison.Ordinal), what: "a connected channel");
        var health = JsonDocument.Parse(raw).RootElement;
        Assert.True(health.GetProperty("tokenExpiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.True(health.TryGetProperty("anomalies", out _));
        Assert.True(health.TryGetProperty("recentDisconnections", out _));
        Assert.DoesNotContain("access_token", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("presence-demo-secret", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authentication_and_tenant_isolation()
    {
        var anonymous = await Host.Http.GetAsync("/api/tenants/demo/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var forged = new HttpClient { BaseAddress = Host.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJkZW1vIn0.bm90LWEtc2lnbmF0dXJl");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/tenants/demo/agents")).StatusCode);

        using var otherTenant = await Host.ClientAsync("acme", "presence:read", "presence:admin");
        foreach (var route in new[] { "agents", "channel", "watch", "agents/agent-0001", "agents/agent-0001/history", "events" })
        {
            var response = await otherTenant.GetAsync($"/api/tenants/demo/{route}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_watch_set_is_readable_with_read_scope_and_changeable_only_with_admin_scope()
    {
        using var reader = await Host.ClientAsync("demo", "presence:read");
        var watch = await reader.GetFromJsonAsync<JsonElement>("/api/tenants/demo/watch");
        Assert.Equal(Host.Emulator!.Server.Centre.Agents.Count, watch.GetProperty("agents").GetArrayLength());

        var body = JsonContent.Create(watch);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("/api/tenants/demo/watch", body)).StatusCode);

        using var admin = await Host.ClientAsync("demo", "presence:admin");
        var bad = await admin.PutAsync("/api/tenants/demo/watch", new StringContent("{\"agents\":[{\"agentId\":\"\",\"deviceIds\":[]}]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var malformed = await admin.PutAsync("/api/tenants/demo/watch", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var unchanged = await reader.GetFromJsonAsync<JsonElement>("/api/tenants/demo/watch");
        Assert.Equal(watch.GetProperty("agents").GetArrayLength(), unchanged.GetProperty("agents").GetArrayLength());

        var same = await admin.PutAsync("/api/tenants/demo/watch", JsonContent.Create(watch));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        using var admin = await Host.ClientAsync("demo", "presence:admin");
        var huge = new string('x', 17 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/demo/watch")
        {
            Content = new StringContent($"{{\"agents\":[],\"pad\":\"{huge}\"}}", Encoding.UTF8, "application/json"),
        };

        // Like a well-behaved client, ask before sending 17 MiB: the server refuses on the declared length alone.
        request.Headers.ExpectContinue = true;
        var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await Host.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/tenants/{tenant}/agents", "/api/tenants/{tenant}/agents/{agentId}", "/api/tenants/{tenant}/agents/{agentId}/history",
            "/api/tenants/{tenant}/channel", "/api/tenants/{tenant}/watch", "/api/tenants/{tenant}/events",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not documented");
        }
    }

    [Fact]
    public async Task Health_endpoints_answer_and_readiness_says_what_it_checked()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/live")).StatusCode);
        var ready = await Wait.UntilAsync(() => Host.Http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, what: "ready");
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Contains("channel Connected", body.GetProperty("checks")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
