using PresenceGrains.Emulator;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// The real emulator on a loopback port and a real <see cref="SeedProtocolPlatform"/> against it. The emulator's
/// simulation is off: agents change only when a test scripts them. Heartbeats come every 200 ms and the client
/// reconnects fast (50 ms doubling to 400 ms) so the tests stay short; tests that check the default policy say so.
/// </summary>
public sealed class PlatformHarness : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<EventCollector> _collectors = [];

    private PlatformHarness(EmulatorServer emulator, HttpClient http, RecordingHandler recorder, PlatformOptions options, TimeProvider? clientTime)
    {
        Emulator = emulator;
        _http = http;
        Recorder = recorder;
        Options = options;
        Platform = new SeedProtocolPlatform(options, http, clientTime, CapturedLog.Factory);
    }

    public EmulatorServer Emulator { get; }

    public SeedProtocolPlatform Platform { get; }

    public PlatformOptions Options { get; }

    public RecordingHandler Recorder { get; }

    /// <summary>Every agent of the emulator at user scope and every device at device scope.</summary>
    public WatchSubscription WatchEverything => new(
        [.. Emulator.Centre.Agents.Select(a => a.AgentId)],
        [.. Emulator.Centre.Agents.SelectMany(a => a.DeviceIds)]);

    public IReadOnlyList<HandshakeRecord> Handshakes => Emulator.Handshakes.Read().Items;

    public static async Task<PlatformHarness> StartAsync(
        Action<EmulatorOptions>? emulator = null,
        Action<PlatformOptions>? platform = null,
        TimeProvider? clientTime = null)
    {
        var emulatorOptions = new EmulatorOptions
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            Simulation = new SimulationOptions { AutoStart = false, AgentCount = 10 },
        };
        emulator?.Invoke(emulatorOptions);
        var server = await EmulatorServer.StartAsync(emulatorOptions);

        var recorder = new RecordingHandler();
        var http = new HttpClient(recorder);
        var options = TestOptions.For(server.BaseUrl, o =>
        {
            o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(50);
            o.ReconnectMaximumDelay = TimeSpan.FromMilliseconds(400);
            platform?.Invoke(o);
        });
        return new PlatformHarness(server, http, recorder, options, clientTime);
    }

    /// <summary>Starts consuming the channel; disposed with the harness.</summary>
    public EventCollector Run(WatchSubscription? watch = null)
    {
        var collector = new EventCollector(Platform, watch ?? WatchEverything);
        _collectors.Add(collector);
        return collector;
    }

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
