using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests.Support;

/// <summary>Starts a real emulator on a loopback port with test-friendly options, and talks to it over real HTTP.</summary>
internal static class TestEmulator
{
    public const string NoSubscribeClient = "reporting";
    public const string NoSubscribeSecret = "reporting-secret";

    /// <summary>Options for a quiet emulator: the simulation does not start by itself; short intervals.</summary>
    public static EmulatorOptions Options(int agents = 20)
    {
        var options = new EmulatorOptions
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            PingInterval = TimeSpan.FromSeconds(30),
            PongTimeout = TimeSpan.FromSeconds(30),
        };
        options.Simulation.AgentCount = agents;
        options.Simulation.AutoStart = false;
        options.Tenants.Add(TenantOptions.Demo());
        options.Tenants.Add(new TenantOptions
        {
            TenantId = "reports",
            ClientId = NoSubscribeClient,
            ClientSecret = NoSubscribeSecret,
            Scopes = "user:read",
        });
        return options;
    }

    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = Options();
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options, time ?? TimeProvider.System);
    }

    public static HttpClient Http(EmulatorServer server) => new() { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string secret, string grant = "client_credentials")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", grant)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await http.SendAsync(request);
    }

    public static async Task<string> TokenAsync(HttpClient http, string clientId = TenantOptions.DemoClientId, string secret = TenantOptions.DemoClientSecret)
    {
        using var response = await RequestTokenAsync(http, clientId, secret);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token!.AccessToken;
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A user subscription and a device subscription for the given agents, with explicit state types.</summary>
    public static SubscriptionRequest Subscription(EmulatorServer server, params string[] agentIds) =>
        new(
        [
            new Subscription("user", new SubscriptionFilter(agentIds), ["available", "notReady", "onCall", "wrapUp", "offline"]),
            new Subscription("device", new SubscriptionFilter([.. server.Centre.Agents.Where(a => agentIds.Contains(a.AgentId)).SelectMany(a => a.DeviceIds)]),
                ["online", "offline", "ringing", "inUse", "onCall", "available", "wrapUp", "notReady"]),
        ]);
}
