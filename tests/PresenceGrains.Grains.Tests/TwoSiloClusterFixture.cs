using Orleans.TestingHost;

namespace PresenceGrains.Grains.Tests;

/// <summary>Two silos in one test process, for what moves between them (an activation migrating).</summary>
public sealed class TwoSiloClusterFixture() : TestClusterFixture<TwoSiloClusterFixture.SiloConfigurator>(2)
{
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => ClusterFixture.ConfigureSilo(siloBuilder, TimeSpan.FromMilliseconds(50));
    }
}
