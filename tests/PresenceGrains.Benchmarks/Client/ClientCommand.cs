using System.Globalization;
using System.Text.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>
/// <c>client [--agents 10000] [--seconds 15] [--concurrency 1,64] [--smoke] [--out DIR]</c>: <c>IsRoutableAsync</c>
/// calls per second and latency asked from a client process (<c>client-once</c>, through PresenceGrains.Client and as a
/// bare grain call) beside the same calls asked inside the silo's process, with every agent watched and resident.
/// </summary>
internal static class ClientCommand
{
    public const string OnceCommand = "client-once";
    public const string BareGrainCall = "a client process, bare grain call";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--agents", "--seconds", "--concurrency");
        var smoke = options.Smoke;
        var agentCount = (int)options.Number("--agents", smoke ? 500 : 10_000);
        var period = TimeSpan.FromSeconds(options.Decimal("--seconds", smoke ? 3 : 15));
        var warmUp = TimeSpan.FromSeconds(smoke ? 1 : 3);
        var concurrency = options.Numbers("--concurrency", [1, 64]);
        var report = BenchmarkReport.For("client", "Client: IsRoutableAsync from a router's process and from inside the silo [memory]", args);

        // The figures are the reads' own, not a contest with ingest: the day is frozen before the service starts.
        var (emulator, _) = await FrozenDay.StartAsync(agentCount, devicesPerAgent: 3);
        await using var frozen = emulator;
        var agents = await emulator.AgentsAsync();
        await using var service = await ServiceUnderTest.StartAsync(emulator.BaseUrl, BenchStorage.Memory, new Dictionary<string, string?>
        {
            ["Presence:Platform:RestRequestsPerSecond"] = "1000",
        });
        await service.WatchAsync(agents);
        await service.WaitConnectedAsync(TimeSpan.FromMinutes(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Progress.Say($"client: {agentCount:N0} agents watched and resident");

        var ids = agents.Select(a => a.AgentId).ToList();
        var figures = new List<LoadFigures>();
        foreach (var callers in concurrency)
        {
            figures.Add(await CallLoad.RunAsync("the silo's process", ids,
                a => service.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(ServiceUnderTest.Tenant, a)).IsRoutableAsync(),
                callers, warmUp, period));
        }

        var idsFile = Path.Combine(Path.GetTempPath(), $"presencegrains-client-agents-{Guid.NewGuid():N}.txt");
        var result = Path.Combine(Path.GetTempPath(), $"presencegrains-client-{Guid.NewGuid():N}.json");
        await File.WriteAllLinesAsync(idsFile, ids);
        var exit = await ChildProcess.RunSelfAsync(
        [
            OnceCommand, "--gateway", service.GatewayPort.ToString(CultureInfo.InvariantCulture), "--cluster", service.ClusterId,
            "--agents-file", idsFile, "--result", result, "--concurrency", string.Join(',', concurrency),
            "--seconds", period.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--warm-up", warmUp.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ]);
        File.Delete(idsFile);
        if (exit != 0 || !File.Exists(result))
        {
            Console.Error.WriteLine($"client: the client process failed (exit code {exit}).");
            return 1;
        }

        figures.AddRange(JsonSerializer.Deserialize<List<LoadFigures>>(await File.ReadAllTextAsync(result))!);
        File.Delete(result);

        ClientReport.Describe(report, figures, agentCount, period, service.Log.Errors);
        report.Figures = figures;
        ReportWriter.Write(report, options.ReportFolder);
        return 0;
    }

    /// <summary>The child: connects with PresenceGrains.Client and asks, once through the façade and once as a bare grain call.</summary>
    public static async Task<int> RunOnceAsync(string[] args)
    {
        var options = new CommandArguments(args, ["--gateway", "--cluster", "--agents-file", "--result", "--concurrency", "--seconds", "--warm-up"]);
        var result = options.Text("--result") ?? throw new UsageException("--result is required.");
        var ids = await File.ReadAllLinesAsync(options.Text("--agents-file") ?? throw new UsageException("--agents-file is required."));
        var period = TimeSpan.FromSeconds(options.Decimal("--seconds", 15));
        var warmUp = TimeSpan.FromSeconds(options.Decimal("--warm-up", 3));
        using var client = await RouterProcess.StartAsync(
            (int)options.Number("--gateway", 30000), options.Text("--cluster") ?? throw new UsageException("--cluster is required."));

        var figures = new List<LoadFigures>();
        foreach (var callers in options.Numbers("--concurrency", [1, 64]))
        {
            figures.Add(await CallLoad.RunAsync("a client process, IPresenceClient", ids,
                a => client.Presence.IsRoutableAsync(ServiceUnderTest.Tenant, a), callers, warmUp, period));
            figures.Add(await CallLoad.RunAsync(BareGrainCall, ids,
                a => client.Cluster.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(ServiceUnderTest.Tenant, a)).IsRoutableAsync(),
                callers, warmUp, period));
        }

        await File.WriteAllTextAsync(result, JsonSerializer.Serialize(figures));
        await client.StopAsync();
        return 0;
    }
}
