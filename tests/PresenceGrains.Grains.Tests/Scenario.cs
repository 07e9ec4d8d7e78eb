using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>One tenant driven through a scripted platform: builds events and reads the grains.</summary>
public sealed class Scenario
{
    private readonly IClusterClient _client;
    private DateTimeOffset _clock = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private Scenario(IClusterClient client, string tenantId, ScriptedPlatform platform)
    {
        _client = client;
        TenantId = tenantId;
        Platform = platform;
    }

    public string TenantId { get; }

    public ScriptedPlatform Platform { get; }

    public IPlatformConnectorGrain Connector => _client.GetGrain<IPlatformConnectorGrain>(TenantId);

    /// <summary>A new tenant with one agent and two devices watched, and the channel connected.</summary>
    public static async Task<Scenario> StartAsync(IClusterClient client, string agentId = "agent-1", params string[] devices)
    {
        var tenantId = "t-" + Guid.NewGuid().ToString("N")[..12];
        var scenario = new Scenario(client, tenantId, ScriptedPlatforms.For(tenantId));
        devices = devices.Length == 0 ? ["dev-a", "dev-b"] : devices;
        await scenario.Connector.SetWatchAsync(new WatchSet([new WatchedAgent(agentId, devices)]));
        scenario.Push(new ChannelStateChanged(scenario.Now(), ChannelState.Connected, null));
        return scenario;
    }

    /// <summary>A new tenant whose one agent is available, published routable and listed so by the tenant directory.</summary>
    public static async Task<(Scenario Scenario, AgentPresence Published, ITenantPresenceGrain Directory)> StartRoutableAsync(IClusterClient client)
    {
        var scenario = await StartAsync(client);
        scenario.Signal(null, PresenceSignal.Available);
        var published = await scenario.WaitForAgentAsync(p => p.Routable, what: "the agent routable");
        var directory = client.GetGrain<ITenantPresenceGrain>(scenario.TenantId);
        await Eventually.HoldsAsync(() => directory.ListAsync(new AgentFilter(Routable: true)), l => l.Count == 1, what: "the directory lists it routable");
        return (scenario, published, directory);
    }

    public IAgentPresenceGrain Agent(string agentId = "agent-1") => _client.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(TenantId, agentId));

    public IDevicePresenceGrain Device(string deviceId) => _client.GetGrain<IDevicePresenceGrain>(PresenceKeys.Compose(TenantId, deviceId));

    /// <summary>The channel's anomaly counters, which silos report every few seconds.</summary>
    public async Task<ChannelAnomalies> AnomaliesAsync() => (await Connector.GetHealthAsync()).Anomalies;

    public IAgentInbox Inbox(string agentId = "agent-1") => _client.GetGrain<IAgentInbox>(PresenceKeys.Compose(TenantId, agentId));

    /// <summary>Platform time, moved forward by the caller's steps so that every delta has a distinct stamp.</summary>
    public DateTimeOffset Now(double advanceMs = 0)
    {
        _clock = _clock.AddMilliseconds(advanceMs);
        return _clock;
    }

    public void Push(PlatformEvent platformEvent) => Platform.Push(platformEvent);

    public void Signal(string? deviceId, PresenceSignal signal, double advanceMs = 10, string agentId = "agent-1") =>
        Push(new DeltaReceived(DateTimeOffset.UtcNow, new PresenceDelta(agentId, deviceId, signal, Now(advanceMs)), null));

    public Task<AgentPresence> WaitForAgentAsync(Func<AgentPresence, bool> condition, string agentId = "agent-1", string? what = null) =>
        Eventually.HoldsAsync(() => Agent(agentId).GetAsync(), condition, what: what);
}
