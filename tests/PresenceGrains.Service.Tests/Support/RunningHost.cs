using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Hosting;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// The real service started in this process exactly as <c>dotnet run</c> starts it (same <see cref="PresenceHost"/>),
/// on loopback with free ports, configured by overrides.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public EmbeddedEmulator? Emulator => _app.Services.GetService<EmbeddedEmulator>();

    /// <param name="configure">Services a test adds to the host (observers of its HTTP traffic, say) before it is built.</param>
    /// <param name="telemetry">Exporters a test adds to the host's OpenTelemetry pipeline (switching it on).</param>
    public static async Task<RunningHost> StartAsync(
        IDictionary<string, string?>? overrides = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<IOpenTelemetryBuilder>? telemetry = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Presence:Auth:DevTokens"] = "true",
            ["Presence:Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Presence:Cluster:ServiceId"] = "svc-" + Guid.NewGuid().ToString("N")[..8],
            ["Presence:Cluster:SiloPort"] = Azurite.FreePort().ToString(),
            ["Presence:Cluster:GatewayPort"] = Azurite.FreePort().ToString(),
            ["Presence:Embedded:AgentCount"] = "12",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // The host project's folder is the content root, as under `dotnet run`: its appsettings.json and its wwwroot.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = Path.Combine(RepoRoot.Find(), "src", "PresenceGrains.Host"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder);
        var app = await PresenceHost.BuildAsync(builder, telemetry);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, new Uri(address));
    }

    /// <summary>Watches every agent of the emulator's contact centre and waits until each is seeded from REST.</summary>
    public async Task WatchEverythingAsync(EmulatorServer emulator, string tenant = "demo")
    {
        // In Genesys there are no devices: an agent's sources (routing, conversations, station) are its devices.
        var genesys = emulator.Options.Mode == EmulatorMode.GenesysCloud;
        var watch = new WatchSet(emulator.Centre.Agents
            .Select(a => new WatchedAgent(a.AgentId, genesys ? [.. GenesysSourceIds.All(a.AgentId)] : a.DeviceIds.ToList()))
            .ToList());
        await Grains.GetGrain<IPlatformConnectorGrain>(tenant).SetWatchAsync(watch);
        foreach (var agent in watch.Agents)
        {
            await Wait.UntilAsync(
                () => Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(tenant, agent.AgentId)).GetAsync(),
                p => p.Sequence > 0, what: $"{agent.AgentId} seeded from REST");
        }
    }

    /// <summary>A development token for a tenant with the given scopes.</summary>
    public async Task<string> TokenAsync(string tenant = "demo", params string[] scopes)
    {
        var response = await Http.PostAsJsonAsync("/auth/dev-token", new { tenant, scopes = scopes.Length == 0 ? ["presence:read"] : scopes });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    /// <summary>An HTTP client that sends a development token.</summary>
    public async Task<HttpClient> ClientAsync(string tenant = "demo", params string[] scopes)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(tenant, scopes));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record TokenBody(string AccessToken);
}
