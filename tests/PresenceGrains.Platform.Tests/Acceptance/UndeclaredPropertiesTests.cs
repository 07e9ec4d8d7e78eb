using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>A platform release that adds a field to every frame must not freeze presence.</summary>
public sealed class UndeclaredPropertiesTests
{
    [Fact]
    public async Task After_a_platform_release_adds_a_field_to_every_frame_deltas_and_heartbeats_still_flow_and_the_field_is_logged_by_name()
    {
        const string Field = "releaseTrain";
        await using var harness = await PlatformHarness.StartAsync(emulator: e => e.Faults = new FaultOptions
        {
            UndeclaredProperties = new UndeclaredPropertiesFault(Name: Field),
        });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var agent = harness.Emulator.Centre.Agents[0].AgentId;

        var emitted = harness.Emulator.Centre.SetUserState(agent, "notReady");
        await events.WaitForAsync<DeltaReceived>(d => d.Delta.AgentId == agent && d.Delta.Signal == PresenceSignal.NotReady, connected);
        await Eventually.HoldsAsync(() => harness.Platform.Status.Counters.Heartbeats >= 3, "heartbeats counted");

        Assert.Single(emitted);
        var status = harness.Platform.Status;
        Assert.Equal(0, status.Counters.SchemaInvalid);
        Assert.Single(harness.Handshakes);
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow);
        var named = CapturedLog.Shared.Entries.Where(e => e.Contains("[1114]", StringComparison.Ordinal) && e.Contains(Field, StringComparison.Ordinal)).ToList();
        Assert.Contains(named, e => e.Contains("PresenceStateChange", StringComparison.Ordinal) && e.Contains($"'compositeState.{Field}'", StringComparison.Ordinal));
        Assert.Contains(named, e => e.Contains("Heartbeat", StringComparison.Ordinal));
        Assert.DoesNotContain(CapturedLog.Shared.Entries, e => e.Contains("value-not-for-logs", StringComparison.Ordinal));
    }
}
