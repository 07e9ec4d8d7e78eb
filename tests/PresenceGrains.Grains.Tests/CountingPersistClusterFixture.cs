using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A one-silo test cluster like <see cref="ClusterFixture"/> (state written 50 ms after a change) whose presence storage
/// counts each grain's writes, and whose device TTL is the default 12 hours, so that no TTL mark moves within a test.
/// </summary>
public sealed class CountingPersistClusterFixture() : TestClusterFixture<CountingPersistClusterFixture.SiloConfigurator>(1)
{
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.ConfigureSilo(siloBuilder, TimeSpan.FromMilliseconds(50));
            siloBuilder.Services.Configure<PresenceOptions>(o => o.DeviceTtl = TimeSpan.FromHours(12));
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(
                StorageNames.Presence, (services, _) => new CountingGrainStorage(MemoryGrainStorageFactory.Create(services, StorageNames.Presence)));
        }
    }
}
