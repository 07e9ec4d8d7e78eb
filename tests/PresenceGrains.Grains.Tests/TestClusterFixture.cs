using Orleans.TestingHost;

namespace PresenceGrains.Grains.Tests;

/// <summary>A test cluster of in-process silos configured by <typeparamref name="TSilo"/>, deployed once for a fixture's tests.</summary>
public abstract class TestClusterFixture<TSilo>(short silos) : IAsyncLifetime
    where TSilo : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<TSilo>();
        builder.AddClientBuilderConfigurator<ClusterFixture.ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
