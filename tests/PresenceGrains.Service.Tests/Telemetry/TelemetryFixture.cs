using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>
/// One run of the real host with in-memory exporters against a quiet emulator (simulation off), scripted so that
/// every kind of telemetry comes out of it: one state change read by a live-feed client that passes its token in the
/// query string, a lowering taken back within the hold window, a dropped channel, and expired tokens. The host is
/// stopped before any test reads what was exported, so the collections no longer change.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public const string Tenant = "demo";

    private readonly IssuedTokenRecorder _issued = new();

    public List<Activity> Spans { get; } = [];

    private readonly List<MetricSnapshot> _exportedMetrics = [];

    /// <summary>The metrics as collected at the end of the scenario, before the host stopped and its agents left.</summary>
    public IReadOnlyList<MetricSnapshot> Metrics { get; private set; } = [];

    public List<LogRecord> Logs { get; } = [];

    /// <summary>Every access token the platform issued to the host.</summary>
    public IReadOnlyCollection<string> PlatformTokens => _issued.Tokens;

    /// <summary>The host's own bearer token the live-feed client sent in its query string.</summary>
    public string FeedToken { get; private set; } = "";

    public string AgentId { get; private set; } = "";

    public string DeviceId { get; private set; } = "";

    public int WatchedAgents { get; private set; }

    /// <summary>The tenant's agents as its directory lists them at the end of the scenario.</summary>
    public IReadOnlyList<AgentPresence> Directory { get; private set; } = [];

    /// <summary>What the live-feed client read of the scripted change.</summary>
    public long FeedEventId { get; private set; }

    public async Task InitializeAsync()
    {
        // Simulation off from the start: every agent is offline, and only what this fixture scripts happens.
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Simulation = { AgentCount = 3, AutoStart = false } });
        var agent = emulator.Centre.Agents[0];
        (AgentId, DeviceId, WatchedAgents) = (agent.AgentId, agent.DeviceIds[0], emulator.Centre.Agents.Count);

        var settings = StandaloneEmulator.PlatformSettings(emulator);
        settings["Logging:LogLevel:Default"] = "Information";

        // The categories that write URLs: ASP.NET Core's request log (query string included) and HttpClient's.
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information";
        await using (var host = await RunningHost.StartAsync(settings, b => _issued.Observe(b.Services), otel => otel
            .WithTracing(t => t.AddInMemoryExporter(Spans))
            .WithMetrics(m => m.AddInMemoryExporter(_exportedMetrics))
            .WithLogging(configureBuilder: null, configureOptions: o => o.AddInMemoryExporter(Logs))))
        {
            await RunScenarioAsync(host, emulator);
            host.Services.GetRequiredService<TracerProvider>().ForceFlush();
            host.Services.GetRequiredService<MeterProvider>().ForceFlush();
            Metrics = [.. _exportedMetrics];
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task RunScenarioAsync(RunningHost host, EmulatorServer emulator)
    {
        await host.WatchEverythingAsync(emulator, Tenant);
        var connector = host.Grains.GetGrain<IPlatformConnectorGrain>(Tenant);
        FeedToken = await host.TokenAsync(Tenant);
        await using var feed = await SseReader.OpenAsync(host.Http, $"/api/tenants/{Tenant}/events?access_token={FeedToken}");

        // The agent declares itself available (a user-level delta), then its device takes a call: a raise published at once.
        emulator.Centre.SetUserState(AgentId, "available");
        await ReadUntilAsync(feed, AgentId, "available");
        emulator.Centre.SetDeviceState(DeviceId, "onCall");
        FeedEventId = await ReadUntilAsync(feed, AgentId, "onCall");

        // A lowering taken back within the hold window: an inversion that is never shown.
        emulator.Centre.SetDeviceState(DeviceId, "available");
        emulator.Centre.SetDeviceState(DeviceId, "onCall");
        await Wait.UntilAsync(connector.GetHealthAsync, h => h.Anomalies.InversionsHeld >= 1, what: "an inversion held");

        // The carrier drops the socket: the channel comes back, and the outage is measured.
        emulator.DropAllSockets();
        await ReconnectedAsync(connector, outages: 1);

        // Every token expires: the platform rejects the one in use and the client gets another.
        emulator.ExpireTokens();
        await ReconnectedAsync(connector, outages: 2);

        // The tenant directory, which the agents gauge reads, has taken in every agent's fresh state again.
        Directory = await Wait.UntilAsync(
            () => host.Grains.GetGrain<ITenantPresenceGrain>(Tenant).ListAsync(AgentFilter.All),
            agents => agents.Count == WatchedAgents && agents.All(p => p.Freshness == Freshness.Fresh), what: "every agent fresh in the directory");
    }

    /// <summary>
    /// The connector recorded the outage's window and is connected again after it: its events come in order, so this
    /// is the reconnect done, snapshot included, not the connection from before the outage.
    /// </summary>
    private static Task ReconnectedAsync(IPlatformConnectorGrain connector, int outages) =>
        Wait.UntilAsync(
            connector.GetHealthAsync,
            h => h.RecentDisconnections.Count >= outages && h.Connection == ChannelConnection.Connected,
            what: $"reconnected after outage {outages}");

    private static async Task<long> ReadUntilAsync(SseReader feed, string agentId, string state)
    {
        while (true)
        {
            var next = await feed.NextAsync();
            var presence = JsonDocument.Parse(next.Data).RootElement;
            if (presence.GetProperty("agentId").GetString() == agentId && presence.GetProperty("state").GetString() == state)
            {
                return next.Id!.Value;
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    // Activity and meter listeners are process-wide: these tests run alone, so no other test's host feeds their exporters.
    public const string Name = "telemetry";
}
