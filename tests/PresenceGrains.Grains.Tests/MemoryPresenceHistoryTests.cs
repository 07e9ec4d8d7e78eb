using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.History;

namespace PresenceGrains.Grains.Tests;

/// <summary>The embedded default's history: bounded per tenant, newest kept, readable by id and by agent.</summary>
public sealed class MemoryPresenceHistoryTests
{
    private const string Tenant = "t";
    private const int Bound = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Past_its_bound_it_keeps_exactly_the_newest_events_in_order()
    {
        var history = await FilledAsync(Bound + 1_500);

        var all = await history.ReadFeedAsync(Tenant, afterId: 0, max: int.MaxValue);
        Assert.Equal(Enumerable.Range(1_501, Bound).Select(i => (long)i), all.Select(e => e.Id));
        Assert.Equal(Bound + 1_500, await history.GetLastEventIdAsync(Tenant));
        Assert.Equal([2_001L, 2_002L, 2_003L], (await history.ReadFeedAsync(Tenant, afterId: 2_000, max: 3)).Select(e => e.Id));
        Assert.Empty(await history.ReadFeedAsync(Tenant, afterId: Bound + 1_500, max: 10));
    }

    [Fact]
    public async Task Reading_after_an_id_that_was_overwritten_starts_at_the_oldest_kept()
    {
        var history = await FilledAsync(Bound * 3);

        var page = await history.ReadFeedAsync(Tenant, afterId: 5, max: 2);

        Assert.Equal([2_001L, 2_002L], page.Select(e => e.Id));
    }

    [Fact]
    public async Task Pruning_and_reading_by_agent_see_only_what_is_kept()
    {
        var history = await FilledAsync(Bound + 200);

        await history.PruneAsync(Tenant, Start.AddSeconds(1_100));

        var kept = await history.ReadFeedAsync(Tenant, afterId: 0, max: int.MaxValue);
        Assert.Equal(Enumerable.Range(1_100, 101).Select(i => (long)i), kept.Select(e => e.Id));
        var agent = await history.ReadAgentAsync(Tenant, "agent-7", Start, Start.AddDays(1));
        Assert.All(agent, e => Assert.Equal("agent-7", e.Presence.AgentId));
        Assert.Equal(kept.Count(e => e.Presence.AgentId == "agent-7"), agent.Count);

        await history.AppendAsync(Tenant, [Event(5_000)]);
        Assert.Equal(5_000, await history.GetLastEventIdAsync(Tenant));
    }

    private static async Task<MemoryPresenceHistory> FilledAsync(int events)
    {
        var history = new MemoryPresenceHistory(Options.Create(new HistoryOptions { MaxEventsInMemory = Bound }));
        for (var id = 1; id <= events; id += 100)
        {
            await history.AppendAsync(Tenant, [.. Enumerable.Range(id, Math.Min(100, events - id + 1)).Select(i => Event(i))]);
        }

        return history;
    }

    /// <summary>Event <paramref name="id"/> of agent <c>agent-(id mod 10)</c>, stamped <paramref name="id"/> seconds after the start.</summary>
    private static PresenceEvent Event(long id) => new(id, new AgentPresence(
        Tenant, $"agent-{id % 10}", AgentState.Available, true, Freshness.Fresh, Start, Start.AddSeconds(id), ChangeCause.Delta, id, []));
}
