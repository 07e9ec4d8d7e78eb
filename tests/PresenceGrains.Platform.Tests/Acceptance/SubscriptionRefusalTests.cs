using PresenceGrains.Platform.Subscriptions;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Seed §1's trap is refused locally: nothing reaches the platform, not even a token request.</summary>
public sealed class SubscriptionRefusalTests
{
    [Fact]
    public async Task All_state_types_and_empty_filters_are_refused_before_anything_is_sent()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var agents = harness.WatchEverything.AgentIds;
        var devices = harness.WatchEverything.DeviceIds;

        var refusals = new[]
        {
            new WatchSubscription(agents, devices) { UserStates = ["all"] },
            new WatchSubscription(agents, devices) { DeviceStates = ["online", "all"] },
            new WatchSubscription([], devices),
            new WatchSubscription(agents, devices) { UserStates = [] },
        }.Select(watch => Assert.Throws<SubscriptionRefusedException>(() => harness.Platform.RunAsync(watch, default))).ToList();

        Assert.Contains("stateTypes 'all'", refusals[0].Message);
        Assert.Contains("the device subscription asks for stateTypes 'all'", refusals[1].Message);
        Assert.Contains("filter has no ids", refusals[2].Message);
        Assert.Contains("declares no stateTypes", refusals[3].Message);
        Assert.Empty(harness.Handshakes);
        Assert.Equal(0, harness.Recorder.Requests);
        Assert.Equal(ChannelState.Idle, harness.Platform.Status.State);

        // The same client still runs a safe subscription.
        await using var events = new EventCollector(harness.Platform, harness.WatchEverything);
        await events.WaitForStateAsync(ChannelState.Connected);
        Assert.Single(harness.Handshakes);
    }
}
