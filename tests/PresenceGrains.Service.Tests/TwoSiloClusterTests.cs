using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>Two silos on Azure Storage (Azurite) following one emulator: agents live on both, the channel on one.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoSiloClusterTests(AzuriteFixture fixture)
{
    // The test cluster's silos run in this process but build their own containers: they read these.
    private static Dictionary<string, string?> _siloSettings = [];

    [Fact]
    public async Task A_two_silo_cluster_serves_agents_from_both_silos_with_one_connector()
    {
        await using var emulator = await StandaloneEmulator.StartAsync(agents: 24);
        _siloSettings = StandaloneEmulator.PlatformSettings(emulator);
        _siloSettings["Presence:Storage:ConnectionString"] = fixture.Azurite.ConnectionString;

        var builder = new TestClusterBuilder(2);
        builder.Options.ClusterId = "two-" + Guid.NewGuid().ToString("N")[..8];
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var watch = new WatchSet(emulator.Centre.Agents.Select(a => new WatchedAgent(a.AgentId, a.DeviceIds.ToList())).ToList());
            await cluster.Client.GetGrain<IPlatformConnectorGrain>("demo").SetWatchAsync(watch);
            foreach (var agent in watch.Agents)
            {
                await Wait.UntilAsync(
                    () => cluster.Client.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose("demo", agent.AgentId)).GetAsync(),
                    p => p.Sequence > 0, what: $"{agent.AgentId} resolved");
            }

            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            var agentSilos = await SilosHostingAsync(management, typeof(AgentGrain));
            Assert.Equal(2, agentSilos.Count);
            var connectorSilos = await SilosHostingAsync(management, typeof(PlatformConnectorGrain));
            Assert.Single(connectorSilos);
            Assert.Equal(1, emulator.OpenSockets);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<HashSet<SiloAddress>> SilosHostingAsync(IManagementGrain management, Type grainClass)
    {
        var stats = await management.GetDetailedGrainStatistics();
        return stats.Where(s => s.GrainType.Contains(grainClass.FullName!, StringComparison.Ordinal)).Select(s => s.SiloAddress).ToHashSet();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(_siloSettings).Build();
            var storage = configuration.GetSection(StorageSettings.Section).Get<StorageSettings>()!;
            SiloSetup.ConfigureStorage(siloBuilder, storage);
            siloBuilder.Services.AddPresenceSiloServices(configuration, storage);
        }
    }
}
