using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// The event loop's batch against an agent whose call does not end (its silo died and Orleans holds the call until the
/// 30 s timeout): the other agents' deltas go on past <see cref="Stragglers.Bound"/>, the agent is listed unreachable,
/// its later deltas wait, and it is read again from REST once its call ends.
/// </summary>
public sealed class StragglerTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);
    private readonly CountingTime _time = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, FakeAgent> _agents = new(StringComparer.Ordinal);
    private readonly List<string> _unreachable = [];
    private readonly List<AgentPresence> _answered = [];
    private readonly TaskCompletionSource<(IReadOnlyCollection<string> Agents, Exception? Error)> _reread = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stragglers _stragglers;

    public StragglerTests() =>
        _stragglers = new Stragglers(ids => _unreachable.AddRange(ids), (ids, error) => _reread.TrySetResult((ids, error)), _answered.Add);

    [Fact]
    public async Task A_call_far_behind_calls_that_ended_at_once_no_longer_holds_the_other_agents()
    {
        var lost = Agent("agent-lost", new TaskCompletionSource<long>().Task);
        var live = Agent("agent-live", Task.FromResult(7L));

        var dispatch = Dispatch("agent-lost", "agent-live");
        var (failed, error, published) = await EndsAfterAsync(dispatch, Stragglers.Least);

        Assert.Empty(failed);
        Assert.Null(error);
        Assert.Equal([("agent-live", 7L)], published.Select(p => (p.AgentId, p.Sequence)));
        Assert.Equal(["agent-lost"], _unreachable);
        Assert.Equal(1, _stragglers.Count);
        Assert.Equal(1, lost.Calls);
        Assert.Equal(1, live.Calls);
    }

    [Fact]
    public async Task After_batches_that_ended_at_once_a_lone_call_far_behind_them_no_longer_holds_the_loop()
    {
        Agent("agent-a", Task.FromResult(1L));
        Agent("agent-b", Task.FromResult(2L));
        await Dispatch("agent-a", "agent-b").WaitAsync(Safety);
        Agent("agent-lost", new TaskCompletionSource<long>().Task);

        var dispatch = Dispatch("agent-lost");
        await EndsAfterAsync(dispatch, Stragglers.Least);

        Assert.Equal(["agent-lost"], _unreachable);
    }

    [Fact]
    public async Task A_lone_call_with_no_batch_ended_before_it_waits_the_whole_bound()
    {
        Agent("agent-slow", new TaskCompletionSource<long>().Task);

        var dispatch = Dispatch("agent-slow");
        await EndsAfterAsync(dispatch, Stragglers.Bound);

        Assert.Equal(["agent-slow"], _unreachable);
    }

    [Fact]
    public async Task When_every_call_is_slow_the_last_ones_are_given_four_times_as_long_as_most_took()
    {
        var slow = new TaskCompletionSource<long>();
        Agent("agent-slow", slow.Task);
        Agent("agent-last", new TaskCompletionSource<long>().Task);

        // A loaded silo: the first call ends after 300 ms, so the other has until 1,200 ms, not Least after that.
        var dispatch = Dispatch("agent-slow", "agent-last");
        await AdvanceAsync(TimeSpan.FromMilliseconds(300));
        var timers = _time.Timers;
        slow.SetResult(3);
        await Eventually.HoldsAsync(() => Task.FromResult(_time.Timers), count => count > timers, what: "the wait for the last call started");
        var (failed, _, published) = await EndsAfterAsync(dispatch, TimeSpan.FromMilliseconds(900));

        Assert.Empty(failed);
        Assert.Equal([("agent-slow", 3L)], published.Select(p => (p.AgentId, p.Sequence)));
        Assert.Equal(["agent-last"], _unreachable);
    }

    [Fact]
    public async Task Later_deltas_of_a_straggler_wait_and_its_failed_call_brings_a_reread_with_the_error()
    {
        var call = new TaskCompletionSource<long>();
        var lost = Agent("agent-lost", call.Task);
        var live = Agent("agent-live", Task.FromResult(7L));
        await PastBoundAsync(Dispatch("agent-lost", "agent-live"));

        var (failed, _, _) = await Dispatch("agent-lost", "agent-live").WaitAsync(Safety);
        Assert.Empty(failed);
        Assert.Equal(1, lost.Calls);
        Assert.Equal(2, live.Calls);
        Assert.False(_reread.Task.IsCompleted);

        call.SetException(new TimeoutException("Response did not arrive on time"));
        var (agents, error) = await _reread.Task.WaitAsync(Safety);
        Assert.Equal(["agent-lost"], agents);
        Assert.IsType<TimeoutException>(error);
        Assert.Equal(0, _stragglers.Count);
    }

    [Fact]
    public async Task A_late_call_that_succeeds_brings_a_reread_only_when_deltas_waited_behind_it_and_its_answer_otherwise()
    {
        var first = new TaskCompletionSource<long>();
        Agent("agent-slow", first.Task);
        await PastBoundAsync(Dispatch("agent-slow"));
        first.SetResult(1);
        await Eventually.HoldsAsync(() => Task.FromResult(_stragglers.Count), count => count == 0, what: "the late call's end");
        Assert.False(_reread.Task.IsCompleted);

        // Its answer holds everything sent to it: the directory may list it reachable again.
        Assert.Equal([("agent-slow", 1L)], _answered.Select(p => (p.AgentId, p.Sequence)));

        var second = new TaskCompletionSource<long>();
        _agents["agent-slow"].Next = Answer("agent-slow", second.Task);
        await PastBoundAsync(Dispatch("agent-slow"));
        await Dispatch("agent-slow").WaitAsync(Safety);
        second.SetResult(2);
        var (agents, error) = await _reread.Task.WaitAsync(Safety);
        Assert.Equal(["agent-slow"], agents);
        Assert.Null(error);
        Assert.Single(_answered);
    }

    [Fact]
    public async Task A_call_that_fails_within_the_bound_is_reported_by_the_batch_not_the_stragglers()
    {
        Agent("agent-broken", Task.FromException<long>(new InvalidOperationException("storage read failed")));
        Agent("agent-live", Task.FromResult(7L));
        Agent("agent-silent", Task.FromResult(0L));

        var (failed, error, published) = await Dispatch("agent-broken", "agent-live", "agent-silent").WaitAsync(Safety);

        Assert.Equal(["agent-broken"], failed);
        Assert.Equal([("agent-live", 7L)], published.Select(p => (p.AgentId, p.Sequence)));
        Assert.IsType<InvalidOperationException>(error);
        Assert.Empty(_unreachable);
        Assert.Equal(0, _stragglers.Count);
    }

    /// <summary>
    /// The dispatch has not ended at this point of the fake clock. Its timeouts resume on the pool, so a dispatch that
    /// wrongly ended is given a moment of real time to show it: without it, this check could not fail.
    /// </summary>
    private static async Task NotEndedAsync(Task dispatch)
    {
        await Task.WhenAny(dispatch, Task.Delay(TimeSpan.FromMilliseconds(200)));
        Assert.False(dispatch.IsCompleted, "the dispatch ended before its wait was over");
    }

    /// <summary>The dispatch ends once <paramref name="wait"/> more has passed on the fake clock, and not a millisecond before.</summary>
    private async Task<T> EndsAfterAsync<T>(Task<T> dispatch, TimeSpan wait)
    {
        await AdvanceAsync(wait - TimeSpan.FromMilliseconds(1));
        await NotEndedAsync(dispatch);
        await AdvanceAsync(TimeSpan.FromMilliseconds(1));
        return await dispatch.WaitAsync(Safety);
    }

    /// <summary>Moves the clock once the dispatch has had a turn to start waiting on it (its awaits resume on the pool).</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await Task.Yield();
        _time.Advance(by);
        await Task.Yield();
    }

    private async Task PastBoundAsync(Task<(IReadOnlyList<string> Agents, Exception? Error, IReadOnlyList<AgentPresence> Published)> dispatch)
    {
        _time.Advance(Stragglers.Bound);
        await dispatch.WaitAsync(Safety);
    }

    private Task<(IReadOnlyList<string> Agents, Exception? Error, IReadOnlyList<AgentPresence> Published)> Dispatch(params string[] agentIds)
    {
        var batch = new DeltaBatch();
        foreach (var agentId in agentIds)
        {
            batch.Add(new DeltaReceived(_time.GetUtcNow(), new PresenceDelta(agentId, null, PresenceSignal.NotReady, _time.GetUtcNow()), null));
        }

        return batch.DispatchAsync("tenant", id => _agents[id], _stragglers, _time);
    }

    private FakeAgent Agent(string agentId, Task<long> next) => _agents[agentId] = new FakeAgent { Next = Answer(agentId, next) };

    /// <summary>The agent's answer once <paramref name="sequence"/> ends: its latest publication, at that sequence.</summary>
    private static async Task<AgentPresence> Answer(string agentId, Task<long> sequence)
    {
        var published = await sequence;
        return new AgentPresence("tenant", agentId, AgentState.NotReady, false, Freshness.Fresh, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ChangeCause.Delta, published, []);
    }

    /// <summary>A fake clock that counts the timers made on it: a test can see a wait begin before it moves the clock.</summary>
    private sealed class CountingTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>An agent whose <see cref="IAgentInbox.ApplyAsync"/> answers with the task it is given.</summary>
    private sealed class FakeAgent : IAgentInbox
    {
        public required Task<AgentPresence> Next { get; set; }

        public int Calls { get; private set; }

        public Task<AgentPresence> ApplyAsync(IReadOnlyList<SignalInput> inputs)
        {
            Calls++;
            return Next;
        }

        public Task<SnapshotOutcome> ApplySnapshotAsync(SnapshotInput snapshot) => throw new NotSupportedException();

        public Task SetFreshnessAsync(Freshness freshness) => throw new NotSupportedException();

        public Task CheckDeviceTtlAsync(string deviceId) => throw new NotSupportedException();

        public Task ReassertAsync(long outranked) => throw new NotSupportedException();

        public Task<AgentPresence> GetPublishedAsync() => throw new NotSupportedException();
    }
}
