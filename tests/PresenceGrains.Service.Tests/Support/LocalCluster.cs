using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// A cluster of real host processes started by <c>tools/cluster.sh</c> (the command the README gives users): Azurite,
/// the emulator in a process of its own and N hosts on Azure Table membership, each on its own loopback ports, in a state
/// folder of its own. Hosts are the binaries this test run was built with; killed by pid, restarted on their ports.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _script;
    private readonly Dictionary<string, string> _env;
    private readonly Dictionary<string, string> _state;

    private LocalCluster(string script, string directory, Dictionary<string, string> env, Dictionary<string, string> state, IReadOnlyList<Uri> hosts)
    {
        _script = script;
        Directory = directory;
        _env = env;
        _state = state;
        Hosts = hosts;
        Emulator = new HttpClient { BaseAddress = new Uri(state["EMULATOR"]), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The state folder: pid files, ports and every process's log.</summary>
    public string Directory { get; }

    /// <summary>Each host's address, host 1 first.</summary>
    public IReadOnlyList<Uri> Hosts { get; }

    /// <summary>The emulator's control surface (<c>emulator/truth</c>, <c>emulator/simulation/stop</c>, faults).</summary>
    public HttpClient Emulator { get; }

    /// <summary>Azurite's connection string: the membership table is read from it.</summary>
    public string StorageConnectionString => _state["STORAGE"];

    public string ClusterId => _state["CLUSTER_ID"];

    /// <param name="emulatorArgs">More emulator settings, e.g. <c>--Emulator:Simulation:TimeScale=0.05</c>.</param>
    /// <param name="hostArgs">More host settings, on every host's command line.</param>
    public static async Task<LocalCluster> StartAsync(int hosts, int agents, IEnumerable<string>? emulatorArgs = null, IEnumerable<string>? hostArgs = null)
    {
        var root = RepoRoot.Find();
        var directory = System.IO.Directory.CreateTempSubdirectory("presencegrains-cluster-").FullName;
        var env = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = directory,
            ["CLUSTER_AGENTS"] = agents.ToString(CultureInfo.InvariantCulture),
            ["CLUSTER_BUILD"] = "0",

            // The hosts this process was built with: src/PresenceGrains.Host/bin/<this configuration>.
            ["CLUSTER_CONFIGURATION"] = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release" : "Debug",
            ["CLUSTER_EMULATOR_ARGS"] = string.Join(' ', emulatorArgs ?? []),
            ["CLUSTER_HOST_ARGS"] = string.Join(' ', (hostArgs ?? []).Concat(KeepLogs ? ["--Logging:Console:TimestampFormat=HH:mm:ss.fff|"] : [])),
        };
        var script = Path.Combine(root, "tools", "cluster.sh");
        try
        {
            var output = await RunAsync(script, env, TimeSpan.FromMinutes(4), "up", hosts.ToString(CultureInfo.InvariantCulture));
            var addresses = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new Uri(line)).ToList();
            return new LocalCluster(script, directory, env, ReadState(directory), addresses);
        }
        catch
        {
            await RunAsync(script, env, TimeSpan.FromMinutes(1), "down");
            throw;
        }
    }

    /// <summary>The silo port of a 1-based host.</summary>
    public int SiloPort(int host) => int.Parse(_state[$"HOST_{host}_SILO"], CultureInfo.InvariantCulture);

    /// <summary>The 1-based host whose silo has this endpoint (<c>127.0.0.1:port</c>, as channel health names it).</summary>
    public int HostOfSilo(string siloEndpoint)
    {
        for (var i = 1; i <= Hosts.Count; i++)
        {
            if (siloEndpoint == $"127.0.0.1:{SiloPort(i)}")
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No host of this cluster has silo {siloEndpoint}.");
    }

    public bool IsRunning(int host) => Pid(host) is { } pid && Exists(pid);

    /// <summary><c>kill -9</c>: the host gets no chance to leave the cluster or hand anything over.</summary>
    public void Kill(int host)
    {
        using var process = Process.GetProcessById(Pid(host) ?? throw new InvalidOperationException($"Host {host} has no pid file."));
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>A signal by name (<c>TERM</c>: a graceful shutdown, as a container runtime asks for one).</summary>
    public Task SignalAsync(int host, string signal) =>
        RunAsync(_script, _env, TimeSpan.FromSeconds(30), "kill", host.ToString(CultureInfo.InvariantCulture), signal);

    /// <summary>Waits until a host that was signalled has exited, bounded.</summary>
    public async Task WaitExitedAsync(int host, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(host))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Host {host} did not exit within {timeout}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts a stopped host again on its own ports and waits until it answers.</summary>
    public Task StartHostAsync(int host) =>
        RunAsync(_script, _env, TimeSpan.FromMinutes(3), "start", host.ToString(CultureInfo.InvariantCulture));

    /// <summary>An HTTP client for one host with a development token (every host signs with the same key).</summary>
    public async Task<HttpClient> ClientAsync(int host, params string[] scopes)
    {
        var client = new HttpClient { BaseAddress = Hosts[host - 1], Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/auth/dev-token", new { tenant = TenantOptions.DemoTenantId, scopes = scopes.Length == 0 ? ["presence:read"] : scopes });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The tenant's channel as one host answers it.</summary>
    public static async Task<ChannelHealth> ChannelAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ChannelHealth>($"/api/tenants/{TenantOptions.DemoTenantId}/channel", ApiJson.Options))!;

    /// <summary>Every watched agent as one host answers.</summary>
    public static async Task<IReadOnlyList<AgentPresence>> AgentsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<AgentList>($"/api/tenants/{TenantOptions.DemoTenantId}/agents", ApiJson.Options))!.Agents;

    /// <summary>The emulator's ground truth of every agent.</summary>
    public async Task<IReadOnlyList<AgentTruth>> TruthAsync() =>
        (await Emulator.GetFromJsonAsync<List<AgentTruth>>("emulator/truth", ApiJson.Options))!;

    /// <summary>PRESENCEGRAINS_KEEP_CLUSTER=1: the hosts log with timestamps, and their logs stay after the run for a look.</summary>
    private static bool KeepLogs => Environment.GetEnvironmentVariable("PRESENCEGRAINS_KEEP_CLUSTER") == "1";

    public async ValueTask DisposeAsync()
    {
        Emulator.Dispose();
        await RunAsync(_script, _env, TimeSpan.FromMinutes(1), "down");

        if (KeepLogs)
        {
            Console.Error.WriteLine($"cluster logs kept in {Directory}");
            return;
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private int? Pid(int host)
    {
        var file = Path.Combine(Directory, $"host-{host}.pid");
        return File.Exists(file) ? int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture) : null;
    }

    private static bool Exists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> ReadState(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "cluster.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('\''));

    /// <summary>Runs the script and returns its stdout; its stderr is in the exception when it fails.</summary>
    private static async Task<string> RunAsync(string script, Dictionary<string, string> env, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tools/cluster.sh {string.Join(' ', args)} did not finish within {timeout}: {await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private sealed record TokenBody(string AccessToken);
}
