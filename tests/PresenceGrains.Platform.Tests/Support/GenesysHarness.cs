using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.GenesysCloud;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// The real emulator in its Genesys Cloud mode on a loopback port and a real <see cref="GenesysCloudPlatform"/> against
/// it. The simulation is off: agents change only when a test scripts them. The platform's heartbeat comes every 300 ms
/// (Genesys: 30 s), the client pings every 250 ms and calls a socket stale after 2 s of silence, and reconnects fast
/// (50 ms doubling to 400 ms), so the tests stay short. The platform's clock is the system's unless a test brings one.
/// </summary>
public sealed class GenesysHarness : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<EventCollector> _collectors = [];

    private GenesysHarness(EmulatorServer emulator, HttpClient http, RecordingHandler recorder, GenesysCloudOptions options, TimeProvider? time)
    {
        Emulator = emulator;
        _http = http;
        Recorder = recorder;
        Options = options;
        Platform = new GenesysCloudPlatform(options, http, time, loggerFactory: CapturedLog.Factory);
    }

    public EmulatorServer Emulator { get; }

    public GenesysCloudPlatform Platform { get; }

    public GenesysCloudOptions Options { get; }

    public RecordingHandler Recorder { get; }

    public IReadOnlyList<string> AgentIds => [.. Emulator.Centre.Agents.Select(a => a.AgentId)];

    /// <summary>Every agent of the emulator with its Genesys sources as devices, as the host watches them.</summary>
    public WatchSubscription WatchEverything => new(AgentIds, [.. AgentIds.SelectMany(GenesysSourceIds.All)]);

    public static async Task<GenesysHarness> StartAsync(
        Action<EmulatorOptions>? emulator = null,
        Action<GenesysCloudOptions>? platform = null,
        int agents = 10,
        TimeProvider? time = null)
    {
        var emulatorOptions = new EmulatorOptions
        {
            Mode = EmulatorMode.GenesysCloud,
            Simulation = new SimulationOptions { AutoStart = false, AgentCount = agents },
        };
        emulatorOptions.Genesys.HeartbeatInterval = TimeSpan.FromMilliseconds(300);
        emulator?.Invoke(emulatorOptions);
        var server = await EmulatorServer.StartAsync(emulatorOptions);

        var recorder = new RecordingHandler();
        var http = new HttpClient(recorder);
        var options = new GenesysCloudOptions
        {
            LoginBaseUrl = server.GenesysLoginBase,
            ApiBaseUrl = server.GenesysApiBase,
            PingPeriod = TimeSpan.FromMilliseconds(250),
            Common = TestOptions.For(server.GenesysApiBase, o =>
            {
                o.SocketOutlivesToken = true;
                o.StaleThreshold = TimeSpan.FromSeconds(2);
                o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(50);
                o.ReconnectMaximumDelay = TimeSpan.FromMilliseconds(400);
            }),
        };
        platform?.Invoke(options);
        return new GenesysHarness(server, http, recorder, options, time);
    }

    /// <summary>Starts consuming the channels; disposed with the harness.</summary>
    public EventCollector Run(WatchSubscription? watch = null)
    {
        var collector = new EventCollector(Platform, watch ?? WatchEverything);
        _collectors.Add(collector);
        return collector;
    }

    /// <summary>
    /// Flips an agent between available and notReady (break): in Genesys that is one presence event (On Queue ⇄ Break,
    /// its own modifiedDate) and one routing status event (IDLE ⇄ OFF_QUEUE). Returns the presence signal it should
    /// publish and when the presence changed, the key of that one publication.
    /// </summary>
    public (PresenceSignal Signal, DateTimeOffset At) Flip(string agentId)
    {
        var available = Emulator.Centre.Truth(agentId)!.UserState != "available";
        var changes = available ? Emulator.Centre.SetUserState(agentId, "available") : Emulator.Centre.SetUserState(agentId, "notReady", "break");
        var at = changes.Single(c => c.DeviceId is null).LastUpdated;
        return (available ? PresenceSignal.Available : PresenceSignal.NotReady, at);
    }

    /// <summary>The presence (user-level) publications, keyed by agent and the platform's modifiedDate.</summary>
    public static List<string> PresencePublications(EventCollector events, int from = 0) =>
        [.. events.Events.Skip(from).OfType<DeltaReceived>().Where(d => d.Delta.IsUserLevel).Select(d => Key(d.Delta.AgentId, d.Delta.Signal, d.Delta.LastUpdated))];

    public static string Key(string agentId, PresenceSignal signal, DateTimeOffset at) => $"{agentId}/{signal}@{at.ToUnixTimeMilliseconds()}";

    public async ValueTask DisposeAsync()
    {
        foreach (var collector in _collectors)
        {
            await collector.DisposeAsync();
        }

        await Platform.DisposeAsync();
        _http.Dispose();
        await Emulator.DisposeAsync();
    }
}
