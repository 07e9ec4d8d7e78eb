using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A publication whose stream queue is on a silo that died waits on its publishing silo until that silo is declared
/// dead (7 s in `chaos`); the directory listed the agent's previous state meanwhile, routable while it was on a call.
/// The publisher hands such publications to the directory, which lists them at once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamRefusedTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_directory_lists_a_publication_the_stream_refused_and_ignores_an_older_one_or_another_tenants()
    {
        var (scenario, published, directory) = await Scenario.StartRoutableAsync(fixture.Cluster.Client);
        var inbox = fixture.Cluster.Client.GetGrain<IDirectoryInbox>(scenario.TenantId);
        var onCall = published with { State = AgentState.OnCall, Routable = false, Sequence = published.Sequence + 1 };
        using var recorder = new MeasurementRecorder(PresenceMetrics.PublicationsStreamRefused);

        await inbox.StreamRefusedAsync([onCall, published with { TenantId = "another", AgentId = "agent-x" }]);

        var listed = await Eventually.HoldsAsync(() => directory.ListAsync(AgentFilter.All), l => l.Any(a => a.Sequence == onCall.Sequence), what: "the refused publication listed");
        Assert.Equal(onCall, Assert.Single(listed));

        // The stream's copy of an older publication, come late, changes nothing.
        await inbox.StreamRefusedAsync([published]);
        Assert.Equal(onCall, Assert.Single(await directory.ListPublishedAsync()));
        Assert.Equal(1, recorder.Of(PresenceMetrics.PublicationsStreamRefused, scenario.TenantId).Sum(r => r.Value));
    }

    [Theory]
    [InlineData("rejected", true)]
    [InlineData("unavailable", true)]
    [InlineData("timeout", true)]
    [InlineData("wrapped", true)]
    [InlineData("queue full", false)]
    [InlineData("cancelled", false)]
    public void Only_a_queue_that_cannot_be_reached_hands_publications_aside(string refusal, bool handedAside)
    {
        Exception exception = refusal switch
        {
            "rejected" => Rejection("Unable to connect to endpoint S127.0.0.1:18204:155529642"),
            "unavailable" => new SiloUnavailableException("The target silo became unavailable"),
            "timeout" => new TimeoutException("Response did not arrive on time"),
            "wrapped" => new AggregateException(Rejection("Unable to connect")),
            "queue full" => new InvalidOperationException("Can not enqueue since the count has reached its maximum of 16384"),
            _ => new OperationCanceledException(),
        };

        Assert.Equal(handedAside, StreamRefusals.IsQueueUnreachable(exception));
    }

    [Fact]
    public async Task A_write_not_answered_within_the_quiet_time_is_handed_aside_once_and_still_awaited()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var write = new TaskCompletionSource();
        var handedAside = 0;

        var awaiting = StreamRefusals.AwaitOrHandAsideAsync(write.Task, TimeSpan.FromMilliseconds(500), time, () => handedAside++);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, handedAside);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.HoldsAsync(() => Task.FromResult(handedAside), n => n == 1, what: "the write handed aside");
        Assert.False(awaiting.IsCompleted);

        write.SetResult();
        await awaiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, handedAside);
    }

    [Fact]
    public async Task A_write_answered_in_time_is_not_handed_aside_and_a_refusal_comes_through()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var handedAside = 0;
        var taken = new TaskCompletionSource();
        var awaiting = StreamRefusals.AwaitOrHandAsideAsync(taken.Task, TimeSpan.FromMilliseconds(500), time, () => handedAside++);
        taken.SetResult();
        await awaiting.WaitAsync(TimeSpan.FromSeconds(10));

        var refused = StreamRefusals.AwaitOrHandAsideAsync(
            Task.FromException(new InvalidOperationException("queue full")), TimeSpan.FromMilliseconds(500), time, () => handedAside++);
        await Assert.ThrowsAsync<InvalidOperationException>(() => refused);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, handedAside);
    }

    [Fact]
    public void Once_a_write_is_handed_aside_the_queue_counts_as_unreachable_until_a_write_is_taken()
    {
        var handed = new List<AgentPresence>();
        var queue = new LiveQueue(handed.AddRange);
        var presence = new AgentPresence("t", "agent-1", AgentState.OnCall, false, Freshness.Fresh, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ChangeCause.Delta, 2, []);
        Assert.False(queue.Unreachable);

        queue.HandAside([presence]);
        Assert.True(queue.Unreachable);
        Assert.Equal([presence], handed);

        queue.Answered();
        Assert.False(queue.Unreachable);
    }

    // What a call to a silo whose port refuses connections fails with; Orleans makes it, tests cannot but by reflection.
    private static Exception Rejection(string message) =>
        (Exception)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [message], null)!;
}
