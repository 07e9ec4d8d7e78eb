using PresenceGrains.Emulator;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>
/// A device's delta dropped in silence, against the emulator over a real socket: the agent's next delta carries the
/// platform's composite, which names the device's new state, and the channel passes that on at once; the background
/// re-read (a minute here) never comes into it.
/// </summary>
public sealed class CompositeRecoveryTests
{
    [Fact]
    public async Task A_device_change_the_platform_dropped_arrives_with_the_agents_next_delta()
    {
        await using var harness = await PlatformHarness.StartAsync(platform: o => o.AntiEntropyPeriod = TimeSpan.FromMinutes(10));
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var agent = harness.Emulator.Centre.Truth()[0];
        var device = agent.Devices[0];
        var changed = device.State == "inUse" ? "online" : "inUse";

        // The device's own delta is the first the change emits, and the one dropped.
        harness.Emulator.Faults.LoseDeltas = new LoseDeltasFault(Count: 1);
        harness.Emulator.Centre.SetDeviceState(device.DeviceId, changed);
        harness.Emulator.Centre.SetUserState(agent.AgentId, agent.UserState == "notReady" ? "available" : "notReady");

        var (recovered, _) = await events.WaitForAsync<DeltaReceived>(d => d.Delta.DeviceId == device.DeviceId, connected, TimeSpan.FromSeconds(5));
        var truth = harness.Emulator.Centre.Truth(agent.AgentId)!.Devices.Single(d => d.DeviceId == device.DeviceId);
        Assert.Equal((changed, truth.LastUpdated, CompositeGapFiller.Reason),
            (Domain.Resolution.SignalClaims.ToWire(recovered.Delta.Signal), recovered.Delta.LastUpdated, recovered.Delta.Reason));
    }
}
