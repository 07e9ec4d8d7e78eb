using Azure.Data.Tables;
using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>
/// Live presence travels on the cluster's memory streams, not through storage (docs/decisions.md, "Live presence does
/// not travel through storage"): routing keeps seeing changes while Azure Storage does not answer.
/// </summary>
public sealed class StorageOutageTests
{
    private const string Tenant = "demo";

    [Fact]
    public async Task A_change_reaches_a_stream_subscriber_while_azure_storage_does_not_answer()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var emulator = await StandaloneEmulator.StartAsync(agents: 2, EmulatorMode.Seed);
        emulator.Centre.StopSimulation();
        var agent = emulator.Centre.Agents.First(a => a.DeviceIds.Count >= 1);
        var device = agent.DeviceIds[0];
        var settings = StandaloneEmulator.PlatformSettings(emulator);
        settings["Presence:Storage:ConnectionString"] = azurite.ConnectionString;
        await using var host = await RunningHost.StartAsync(settings);
        await host.WatchEverythingAsync(emulator);
        await using var probe = await AgentStreamProbe.SubscribeAsync(host, Tenant, agent.AgentId);
        emulator.Centre.SetUserState(agent.AgentId, "available");
        emulator.Centre.SetDeviceState(device, "onCall");
        await probe.WaitForAsync(p => p.State == AgentState.OnCall, "on call while storage answers");

        azurite.Freeze();
        try
        {
            await AssertStorageSilentAsync(azurite);
            emulator.Centre.SetDeviceState(device, "wrapUp", "call_ended");
            await probe.WaitForAsync(p => p.State == AgentState.WrapUp, "wrap-up while storage does not answer");
        }
        finally
        {
            azurite.Thaw();
        }
    }

    /// <summary>The freeze is real: a table request gets no answer in 2 s.</summary>
    private static async Task AssertStorageSilentAsync(Azurite azurite)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var tables = new TableServiceClient(azurite.ConnectionString);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tables.GetPropertiesAsync(timeout.Token));
    }
}
