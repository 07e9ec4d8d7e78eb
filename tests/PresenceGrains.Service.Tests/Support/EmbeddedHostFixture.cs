namespace PresenceGrains.Service.Tests.Support;

/// <summary>One embedded-default host (memory storage, in-process emulator) shared by the API tests.</summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await RunningHost.StartAsync(new Dictionary<string, string?>
        {
            // A quick day, so changes happen within a test's patience.
            ["Presence:Embedded:Emulator:Simulation:TimeScale"] = "0.05",
            ["Presence:Embedded:Emulator:Simulation:LoginSpreadSeconds"] = "1",
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHostFixture>
{
    public const string Name = "embedded host";
}
