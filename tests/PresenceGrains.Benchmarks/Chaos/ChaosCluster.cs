using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>The cluster the chaos benchmarks run on: host processes, Azurite and the emulator with three devices an agent.</summary>
internal static class ChaosCluster
{
    public const int DevicesPerAgent = 3;

    /// <param name="deltaLogCapacity">How many deltas the emulator's log keeps, when the run reads the truth from it.</param>
    public static Task<LocalCluster> StartAsync(int silos, int agents, int? deltaLogCapacity = null) =>
        LocalCluster.StartAsync(silos, agents, emulatorArgs:
        [
            $"--Emulator:Simulation:DevicesPerAgent={DevicesPerAgent}",
            .. deltaLogCapacity is { } capacity ? [$"--Emulator:DeltaLogCapacity={capacity}"] : Array.Empty<string>(),
        ]);

    /// <summary>An API client of every host, in host order (host 1 first).</summary>
    public static async Task<List<HttpClient>> ClientsAsync(LocalCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var clients = new List<HttpClient>();
        for (var host = 1; host <= cluster.Hosts.Count; host++)
        {
            clients.Add(await cluster.ClientAsync(host));
        }

        return clients;
    }
}
