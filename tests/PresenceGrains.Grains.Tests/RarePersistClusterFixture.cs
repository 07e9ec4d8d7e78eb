using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A one-silo test cluster like <see cref="ClusterFixture"/> whose periodic state write is an hour away: what an agent
/// stores within a test, it stored because it could not wait. Its presence storage counts each grain's writes.
/// </summary>
public sealed class RarePersistClusterFixture() : TestClusterFixture<RarePersistClusterFixture.SiloConfigurator>(1)
{
    public static readonly TimeSpan PersistInterval = TimeSpan.FromHours(1);

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.ConfigureSilo(siloBuilder, PersistInterval);
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(
                StorageNames.Presence, (services, _) => new CountingGrainStorage(MemoryGrainStorageFactory.Create(services, StorageNames.Presence)));
        }
    }
}
