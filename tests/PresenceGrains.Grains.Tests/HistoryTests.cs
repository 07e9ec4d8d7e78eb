using PresenceGrains.Grains.Streams;
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
        var first = await feed.WaitForAsync(_ => true);
        await feed.WaitForAsync(e => e.Presence.Sequence == first.Presence.Sequence + 2);
        var events = feed.Items;
        Assert.Equal([first.Presence.Sequence, first.Presence.Sequence + 1, first.Presence.Sequence + 2], events.Select(e => e.Presence.Sequence));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Id));
        Assert.Equal([AgentState.Available, AgentState.OnCall, AgentState.Available], events.Select(e => e.Presence.State));
    }

    [Fact]
    public async Task A_publication_delivered_again_is_one_event_on_the_feed()
    {
        var scenario = await Scenario.StartAsync(Client);
        await using var feed = await StreamProbe<PresenceEvent>.SubscribeAsync(Client, PresenceStreams.FeedNamespace, scenario.TenantId);
        var history = Client.GetStreamProvider(HistoryStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(HistoryStreams.Namespace, scenario.TenantId));
        var first = Presence(scenario.TenantId, 7, AgentState.Available);
        var second = Presence(scenario.TenantId, 8, AgentState.OnCall);

        // At least once delivery: the first message comes again after the second.
        await history.OnNextBatchAsync([first]);
        await history.OnNextBatchAsync([second]);
        await history.OnNextBatchAsync([first, second]);
        await history.OnNextBatchAsync([Presence(scenario.TenantId, 9, AgentState.Available)]);

        await feed.WaitForAsync(e => e.Presence.Sequence == 9);
        Assert.Equal([7L, 8L, 9L], feed.Items.Select(e => e.Presence.Sequence));
        Assert.Equal([1L, 2L, 3L], feed.Items.Select(e => e.Id));
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

    private static AgentPresence Presence(string tenantId, long sequence, AgentState state) => new(
        tenantId, "agent-9", state, state == AgentState.Available, Freshness.Fresh, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, ChangeCause.Delta, sequence, []);
}
