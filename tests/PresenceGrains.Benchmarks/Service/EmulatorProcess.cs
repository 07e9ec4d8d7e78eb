using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// The emulator in a process of its own (its own <c>Program</c>, from this output folder), so that what it holds for a
/// large centre is not counted as the service's memory. Controlled over its loopback <c>/emulator</c> endpoints.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workingDirectory;

    private EmulatorProcess(Process process, string workingDirectory, Uri baseUrl)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        BaseUrl = baseUrl;
        Control = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Control { get; }

    /// <param name="settings">Emulator options by key, without the <c>Emulator:</c> prefix (<c>Simulation:AgentCount</c> → 1000).</param>
    public static async Task<EmulatorProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePorts.Next();
        var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // An empty working directory: no appsettings.json but the options given here.
            WorkingDirectory = Directory.CreateTempSubdirectory("presencegrains-emulator-").FullName,
        };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "PresenceGrains.Emulator.dll"), "--urls", baseUrl.ToString().TrimEnd('/'), "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{EmulatorOptions.SectionName}:{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("emulator: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = new EmulatorProcess(process, start.WorkingDirectory, baseUrl);
        try
        {
            await emulator.WaitReadyAsync();
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        return emulator;
    }

    public async Task<IReadOnlyList<AgentInfo>> AgentsAsync() =>
        await Control.GetFromJsonAsync<List<AgentInfo>>("emulator/agents") ?? [];

    /// <summary>How many devices the emulator's truth shows signed in (in any state but offline).</summary>
    public async Task<int> SignedInDevicesAsync()
    {
        // Read agent by agent: parsed whole, the truth of 100,000 agents rented tens of megabytes from the shared array
        // pool at every poll, which kept them, and `memory` counted them in its baseline (and lost them a minute later).
        await using var truth = await Control.GetStreamAsync("emulator/truth");
        var signedIn = 0;
        await foreach (var agent in JsonSerializer.DeserializeAsyncEnumerable<TruthDevices>(truth, TruthJson))
        {
            signedIn += agent?.Devices.Count(device => device.State != "offline") ?? 0;
        }

        return signedIn;
    }

    private static readonly JsonSerializerOptions TruthJson = new(JsonSerializerDefaults.Web);

    private sealed record TruthDevices(IReadOnlyList<TruthDevice> Devices);

    private sealed record TruthDevice(string State);

    public async Task StopSimulationAsync() => (await Control.PostAsync("emulator/simulation/stop", null)).EnsureSuccessStatusCode();

    /// <summary>The emulator's own resident memory, for the report.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The emulator process exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await Control.GetAsync("emulator/simulation");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The emulator process did not answer within 2 minutes.");
            }

            await Task.Delay(100);
        }
    }
}
