using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class EventBufferTests
{
    private static readonly TimeSpan BackPressure = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly ChannelStatusTracker _status;

    public EventBufferTests() => _status = new ChannelStatusTracker(_time, TimeSpan.FromSeconds(5), 10);

    [Fact]
    public async Task A_full_buffer_holds_the_reader_back_until_the_consumer_makes_room()
    {
        var buffer = Create(capacity: 2);
        Assert.True(await buffer.OfferAsync(Delta("a"), "a", default));
        Assert.True(await buffer.OfferAsync(Delta("b"), "b", default));

        var waiting = buffer.OfferAsync(Delta("c"), "c", default).AsTask();
        _time.Advance(BackPressure - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);

        Assert.True(buffer.Reader.TryRead(out _));
        Assert.True(await waiting);
        Assert.Equal(0, _status.Snapshot(null, 0).Counters.Shed);
    }

    [Fact]
    public async Task Past_the_back_pressure_timeout_deltas_are_shed_and_their_agents_come_back_as_one_resnapshot_request()
    {
        var buffer = Create(capacity: 4);
        foreach (var agent in new[] { "a", "b", "c", "d" })
        {
            Assert.True(await buffer.OfferAsync(Delta(agent), agent, default));
        }

        var blocked = buffer.OfferAsync(Delta("e"), "e", default).AsTask();
        _time.Advance(BackPressure);
        Assert.False(await blocked);

        // While shedding, nothing waits: the reader keeps reading (and answering pings).
        Assert.False(await buffer.OfferAsync(Delta("f"), "f", default));
        Assert.False(await buffer.OfferAsync(Delta("e"), "e", default));
        Assert.False(await buffer.OfferAsync(new HeartbeatReceived(_time.GetUtcNow(), _time.GetUtcNow()), null, default));

        // One free slot is not enough (hysteresis): shedding ends once the consumer drained half the buffer.
        Assert.True(buffer.Reader.TryRead(out _));
        Assert.False(await buffer.OfferAsync(Delta("g"), "g", default));
        Assert.True(buffer.Reader.TryRead(out _));
        Assert.True(await buffer.OfferAsync(Delta("h"), "h", default));

        var drained = Drain(buffer);
        Assert.Equal(["c", "d"], drained.OfType<DeltaReceived>().Take(2).Select(d => d.Delta.AgentId));
        var request = Assert.Single(drained.OfType<ResnapshotRequired>());
        Assert.Equal(["e", "f", "g"], request.AgentIds.Order());
        Assert.Equal(request, drained[2]);
        Assert.Equal("h", Assert.IsType<DeltaReceived>(drained[3]).Delta.AgentId);
        Assert.Equal(4, _status.Snapshot(null, 0).Counters.Shed);
    }

    [Fact]
    public async Task Control_events_are_never_shed_and_carry_the_pending_resnapshot_ahead_of_them()
    {
        var buffer = Create(capacity: 1);
        Assert.True(await buffer.OfferAsync(Delta("a"), "a", default));
        var blocked = buffer.OfferAsync(Delta("b"), "b", default).AsTask();
        _time.Advance(BackPressure);
        Assert.False(await blocked);

        var state = new ChannelStateChanged(_time.GetUtcNow(), ChannelState.Reconnecting, "socket failed");
        var publishing = buffer.PublishAsync(state, default).AsTask();
        Assert.False(publishing.IsCompleted);

        var received = new List<PlatformEvent>();
        while (received.Count < 3)
        {
            await buffer.Reader.WaitToReadAsync();
            Assert.True(buffer.Reader.TryRead(out var item));
            received.Add(item);
        }

        await publishing;
        Assert.IsType<DeltaReceived>(received[0]);
        Assert.Equal(["b"], Assert.IsType<ResnapshotRequired>(received[1]).AgentIds);
        Assert.Same(state, received[2]);
    }

    [Fact]
    public async Task Past_the_shed_id_limit_every_watched_agent_is_resnapshotted()
    {
        string[] watched = ["a", "b", "c", "d", "e"];
        var buffer = Create(capacity: 1, maxShedIds: 2, watched);
        Assert.True(await buffer.OfferAsync(Delta("a"), "a", default));
        var blocked = buffer.OfferAsync(Delta("b"), "b", default).AsTask();
        _time.Advance(BackPressure);
        await blocked;
        await buffer.OfferAsync(Delta("c"), "c", default);
        await buffer.OfferAsync(Delta("d"), "d", default);

        Assert.True(buffer.Reader.TryRead(out _));
        var offered = buffer.OfferAsync(Delta("e"), "e", default).AsTask();
        Assert.True(buffer.Reader.TryRead(out var first));
        Assert.True(await offered);

        var request = Assert.IsType<ResnapshotRequired>(first);
        Assert.Equal(watched, request.AgentIds);
        Assert.Contains("more than 2 agents", request.Reason);
    }

    private EventBuffer Create(int capacity, int maxShedIds = 100, IReadOnlyCollection<string>? watched = null) => new(
        capacity, BackPressure, maxShedIds, watched ?? [], _status, _time, CapturedLog.Factory.CreateLogger<EventBufferTests>(), "demo");

    private DeltaReceived Delta(string agent) =>
        new(_time.GetUtcNow(), new PresenceDelta(agent, null, PresenceSignal.Available, _time.GetUtcNow()), PresenceLevel.Available);

    private static List<PlatformEvent> Drain(EventBuffer buffer)
    {
        var items = new List<PlatformEvent>();
        while (buffer.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
