using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Abstractions;
using PresenceGrains.Client;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Directory;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A router's change feed after a lost gateway while others answer (a silo died, with the stream queues it held): the
/// `chaos-soak` router's stream delivered nothing for up to 30 s after a kill, while the tenant's directory was right.
/// The feed reads the directory and delivers what the stream did not bring. A publication made before the feed
/// subscribed stands in for one the stream lost: only a read of the directory can bring it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FeedRepairTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero));
    private readonly ClusterConnection _connection = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task After_a_lost_gateway_the_feed_delivers_once_what_the_directory_holds_and_the_stream_did_not_bring()
    {
        var (scenario, published, _) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        await using var feed = await StartFeedAsync(scenario.TenantId);

        _connection.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);

        var repaired = await NextAsync(feed);
        Assert.Equal((PresenceChangeKind.Changed, published), (repaired.Kind, repaired.Presence));
        await FirstReadDoneAsync(feed);

        // A later change comes by stream; the next read brings nothing the reader was already given.
        scenario.Signal(null, PresenceSignal.NotReady);
        var notReady = await NextAsync(feed);
        Assert.Equal((AgentState.NotReady, false), (notReady.Presence!.State, notReady.Presence.Routable));
        await ReadAfterAsync(feed, Period);
        Assert.False(feed.Changes.TryRead(out var extra), $"delivered again: {extra}");
    }

    [Fact]
    public async Task The_feed_reads_the_directory_every_period_for_the_window_after_a_lost_gateway_then_stops_until_the_next_loss()
    {
        var (scenario, _, _) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        await using var feed = await StartFeedAsync(scenario.TenantId);

        _connection.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);
        await NextAsync(feed);
        await FirstReadDoneAsync(feed);
        for (var i = 0; i < Window / Period; i++)
        {
            await ReadAfterAsync(feed, Period);
        }

        var reads = 1 + (int)(Window / Period);
        await Eventually.HoldsAsync(() => Task.FromResult(_log.Messages), m => m.Any(IsWindowEnd), what: "the window's end logged");
        Assert.Contains($"read the directory {reads} time(s) after a lost gateway; 1 change(s)", _log.Messages.Single(IsWindowEnd), StringComparison.Ordinal);

        // Time alone reads nothing more.
        _time.Advance(Window);
        Assert.Equal(reads, feed.DirectoryReads);

        // The next loss is read for at once.
        _connection.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);
        await Eventually.HoldsAsync(() => Task.FromResult(feed.DirectoryReads), n => n == reads + 1, what: "a read after the second loss");
    }

    [Fact]
    public async Task Without_a_lost_gateway_the_feed_never_reads_the_directory()
    {
        var (scenario, _, _) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        await using var feed = await StartFeedAsync(scenario.TenantId);

        // The agent's change comes by stream; its earlier publication never does.
        scenario.Signal(null, PresenceSignal.NotReady);
        var notReady = await NextAsync(feed);
        _time.Advance(Window);

        Assert.Equal(AgentState.NotReady, notReady.Presence!.State);
        Assert.False(feed.Changes.TryRead(out var extra), $"delivered: {extra}");
        Assert.Equal(0, feed.DirectoryReads);
    }

    [Fact]
    public async Task The_directory_gives_a_feed_each_publication_as_published_without_the_overlay_a_reader_is_shown()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);

        // Unreachable (told one-way): shown Reconnecting at the same sequence, which a feed keeping sequences must not take.
        await fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId).UnreachableAsync(["agent-1"]);
        var shown = (await Eventually.HoldsAsync(
            () => directory.ListAsync(AgentFilter.All), l => l.Single().Freshness != Freshness.Fresh, what: "the agent shown unreachable")).Single();
        var publications = await directory.ListPublishedAsync();

        Assert.Equal((Freshness.Reconnecting, false, published.Sequence), (shown.Freshness, shown.Routable, shown.Sequence));
        Assert.Equal([published], publications);
    }

    [Fact]
    public void A_gateway_lost_is_a_loss_and_so_is_the_last_one_but_a_gateway_gained_is_not()
    {
        var next = _connection.NextGatewayLoss;
        _connection.NotifyGatewayCountChanged(2, 1, connectionRecovered: true);
        _connection.NotifyGatewayCountChanged(3, 3, connectionRecovered: false);
        Assert.False(next.IsCompleted);

        _connection.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);
        Assert.True(next.IsCompleted);

        var last = _connection.NextGatewayLoss;
        var everyGateway = _connection.NextLoss;
        Assert.False(last.IsCompleted);
        _connection.NotifyClusterConnectionLost();
        Assert.True(last.IsCompleted && everyGateway.IsCompleted);
    }

    private static bool IsWindowEnd(string message) => message.Contains("after a lost gateway", StringComparison.Ordinal);

    private async Task<PresenceFeed> StartFeedAsync(string tenantId)
    {
        var options = new PresenceClientOptions { FeedRepairPeriod = Period, FeedRepairWindow = Window };
        var feed = new PresenceFeed(fixture.Cluster.Client, _connection, _time, _log, tenantId, agents: null, options);
        await feed.StartAsync();
        return feed;
    }

    private static Task FirstReadDoneAsync(PresenceFeed feed) =>
        Eventually.HoldsAsync(() => Task.FromResult(feed.DirectoryReads), n => n == 1, what: "the first read of the directory done");

    /// <summary>
    /// Moves time on once the feed waits for its next mark, and waits for the read it brings. Moved before the feed set
    /// its timer, the fake clock would set it a period past the move, and nothing would move it again (a fresh-clone run
    /// timed out at read 2).
    /// </summary>
    private async Task ReadAfterAsync(PresenceFeed feed, TimeSpan step)
    {
        var before = feed.DirectoryReads;
        await Eventually.HoldsAsync(() => Task.FromResult(feed.MarksAwaited), n => n == before, what: $"the wait for the mark after read {before}");
        _time.Advance(step);
        await Eventually.HoldsAsync(() => Task.FromResult(feed.DirectoryReads), n => n == before + 1, what: $"read {before + 1} of the directory");
    }

    private static async Task<PresenceChange> NextAsync(PresenceFeed feed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await feed.Changes.ReadAsync(timeout.Token);
    }
}
