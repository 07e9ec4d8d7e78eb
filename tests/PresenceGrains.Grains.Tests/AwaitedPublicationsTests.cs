using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Grains.Directory;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// What the directory reads back from agents: publications the connector heard of and the stream has not brought within
/// a grace that follows the stream's own delivery time.
/// </summary>
public sealed class AwaitedPublicationsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-05T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly AwaitedPublications _awaited;

    public AwaitedPublicationsTests() => _awaited = new AwaitedPublications(_time);

    [Fact]
    public void A_publication_the_stream_brings_within_the_grace_is_never_read_back()
    {
        _awaited.Expect("agent-1", 5, known: 4);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _awaited.Arrived("agent-1", 5, byStream: true);
        _time.Advance(AwaitedPublications.MaximumGrace);

        Assert.Empty(_awaited.Overdue(10));
        Assert.Equal(0, _awaited.Count);
        Assert.Equal(0, _awaited.Of("agent-1"));
    }

    [Fact]
    public void A_publication_not_brought_within_the_grace_is_overdue_and_the_oldest_go_first()
    {
        _awaited.Expect("agent-1", 5, known: 4);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _awaited.Expect("agent-2", 9, known: 0);
        _awaited.Expect("agent-3", 3, known: 1);

        _time.Advance(AwaitedPublications.MinimumGrace - TimeSpan.FromMilliseconds(101));
        Assert.Empty(_awaited.Overdue(10));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["agent-1"], _awaited.Overdue(10));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("agent-1", _awaited.Overdue(10)[0]);
        Assert.Single(_awaited.Overdue(1));
        Assert.Equal(3, _awaited.Overdue(10).Count);
    }

    [Fact]
    public void Only_a_publication_newer_than_what_the_directory_has_is_awaited_and_only_it_or_a_newer_one_settles_it()
    {
        _awaited.Expect("agent-1", 5, known: 5);
        _awaited.Expect("agent-2", 5, known: 7);
        Assert.Equal(0, _awaited.Count);

        _awaited.Expect("agent-3", 8, known: 5);
        _awaited.Arrived("agent-3", 7, byStream: true);
        Assert.Equal(1, _awaited.Count);
        _awaited.Arrived("agent-3", 9, byStream: false);
        Assert.Equal(0, _awaited.Count);
    }

    [Fact]
    public void A_newer_publication_of_an_agent_already_awaited_keeps_the_wait_that_began_first()
    {
        _awaited.Expect("agent-1", 5, known: 4);
        _time.Advance(AwaitedPublications.MinimumGrace - TimeSpan.FromMilliseconds(1));
        _awaited.Expect("agent-1", 6, known: 4);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(6, _awaited.Of("agent-1"));

        Assert.Equal(["agent-1"], _awaited.Overdue(10));
        _awaited.Arrived("agent-1", 5, byStream: true);
        Assert.Equal(["agent-1"], _awaited.Overdue(10));
    }

    [Fact]
    public void The_grace_follows_a_slow_stream_within_its_bounds()
    {
        Assert.Equal(AwaitedPublications.MinimumGrace, _awaited.Grace);

        // A stream that takes 2 s to bring what it brings is behind, not lossy: its publications are given 4 times that.
        for (var i = 1; i <= 100; i++)
        {
            _awaited.Expect($"agent-{i}", 2, known: 1);
            _time.Advance(TimeSpan.FromSeconds(2));
            _awaited.Arrived($"agent-{i}", 2, byStream: true);
        }

        Assert.Equal(8, _awaited.Grace.TotalSeconds, 0.5);
        _awaited.Expect("agent-slow", 2, known: 1);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_awaited.Overdue(10));

        // Reads back say nothing of the stream's speed; a stream that slows to a crawl still gets no more than the bound.
        for (var i = 1; i <= 100; i++)
        {
            _awaited.Expect($"agent-{i}", 3, known: 2);
            _time.Advance(TimeSpan.FromMinutes(1));
            _awaited.Arrived($"agent-{i}", 3, byStream: true);
        }

        Assert.Equal(AwaitedPublications.MaximumGrace, _awaited.Grace);
    }

    [Fact]
    public void A_read_that_did_not_answer_waits_another_grace_and_an_agent_no_longer_watched_is_forgotten()
    {
        _awaited.Expect("agent-1", 5, known: 4);
        _awaited.Expect("agent-2", 5, known: 4);
        _time.Advance(AwaitedPublications.MinimumGrace);
        _awaited.Retry("agent-1");
        _awaited.Forget("agent-2");

        Assert.Empty(_awaited.Overdue(10));
        _time.Advance(AwaitedPublications.MinimumGrace);
        Assert.Equal(["agent-1"], _awaited.Overdue(10));
        Assert.Equal(1, _awaited.Count);
    }
}
