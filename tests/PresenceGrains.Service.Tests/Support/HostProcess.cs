using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceGrains.Emulator;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// The embedded default run as its own process (<c>PresenceGrains.Host.dll</c>), on ports chosen once so that a
/// restart comes back on the same gateway, HTTP and emulator addresses: what a client in another process sees.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ChildProcess? _process;

    public HostProcess(int agents, double timeScale)
    {
        Agents = agents;
        TimeScale = timeScale;
    }

    public int Agents { get; }

    public double TimeScale { get; }

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    public string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N")[..8];

    public int GatewayPort { get; } = Azurite.FreePort();

    public int SiloPort { get; } = Azurite.FreePort();

    public int HttpPort { get; } = Azurite.FreePort();

    public int EmulatorPort { get; } = Azurite.FreePort();

    /// <summary>The <c>Presence:Client</c> settings that reach this host.</summary>
    public Dictionary<string, string?> ClientSettings => new()
    {
        ["Presence:Client:GatewayPort"] = GatewayPort.ToString(),
        ["Presence:Client:ClusterId"] = ClusterId,
        ["Presence:Client:ServiceId"] = ServiceId,
    };

    public string Output => _process?.Tail() ?? "(not started)";

    /// <summary>Starts the host (again, after <see cref="StopAsync"/>) and waits until it is ready: its channel is connected.</summary>
    public async Task StartAsync()
    {
        _process = ChildProcess.Start("PresenceGrains.Host",
        [
            $"--urls=http://127.0.0.1:{HttpPort}",
            $"--Presence:Cluster:ClusterId={ClusterId}",
            $"--Presence:Cluster:ServiceId={ServiceId}",
            $"--Presence:Cluster:GatewayPort={GatewayPort}",
            $"--Presence:Cluster:SiloPort={SiloPort}",
            $"--Presence:Embedded:Port={EmulatorPort}",
            $"--Presence:Embedded:AgentCount={Agents}",
            $"--Presence:Embedded:Emulator:Simulation:TimeScale={TimeScale}",
            "--Presence:Embedded:Emulator:Simulation:LoginSpreadSeconds=1",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await Wait.UntilAsync(ReadyAsync, ready => ready, TimeSpan.FromSeconds(60), "the host process ready");
    }

    /// <summary>Ends the process at once, as a crash would.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>The embedded emulator's ground truth, over HTTP.</summary>
    public async Task<IReadOnlyList<AgentTruth>> TruthAsync() =>
        await _http.GetFromJsonAsync<List<AgentTruth>>($"http://127.0.0.1:{EmulatorPort}/emulator/truth", Json) ?? [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
    }

    private async Task<bool> ReadyAsync()
    {
        if (_process is { HasExited: true })
        {
            throw new InvalidOperationException("The host process ended:\n" + _process.Tail());
        }

        try
        {
            return (await _http.GetAsync($"http://127.0.0.1:{HttpPort}/health/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
