using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;
using DisconnectionWindow = PresenceGrains.Platform.Events.DisconnectionWindow;

namespace PresenceGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class HistoryTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Every_publication_is_numbered_in_order_on_the_feed_after_it_is_stored()
    {
        var scenario = await Scenario.StartAsync(Client);
        await using var feed = await StreamProbe<PresenceEvent>.SubscribeAsync(Client, PresenceStreams.FeedNamespace, scenario.TenantId);
        scenario.Signal(null, PresenceSignal.Available);
        scenario.Signal("dev-a", PresenceSignal.OnCall);
        scenario.Signal("dev-a", PresenceSignal.Online);

        // Available, OnCall, then Available again after the hold window: three publications, three consecutive ids.
        await feed.WaitForAsync(e => e.Presence.Sequence == 3);
        var events = feed.Items;
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Id));
        Assert.Equal([AgentState.Available, AgentState.OnCall, AgentState.Available], events.Select(e => e.Presence.State));
    }

    [Fact]
    public async Task Disconnection_windows_reach_history()
    {
        var scenario = await Scenario.StartAsync(Client);
        var start = new DateTimeOffset(2026, 11, 28, 11, 0, 0, TimeSpan.Zero);
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Reconnecting, "drop"));
        scenario.Push(new DisconnectionWindow(DateTimeOffset.UtcNow, start, start.AddSeconds(3), "socket closed"));
        scenario.Push(new ChannelStateChanged(DateTimeOffset.UtcNow, ChannelState.Connected, null));

        var windows = await Eventually.HoldsAsync(
            () => scenario.Connector.GetDisconnectionsAsync(start, start.AddMinutes(1)), w => w.Count == 1, what: "the window");
        Assert.Equal(TimeSpan.FromSeconds(3), windows[0].Duration);
    }
}
