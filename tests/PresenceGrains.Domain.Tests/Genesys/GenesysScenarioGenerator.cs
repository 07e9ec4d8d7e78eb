using CsCheck;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Tests.Properties;

namespace PresenceGrains.Domain.Tests.Genesys;

/// <summary>Generates <see cref="GenesysScenario"/>s: 1–30 changes of the four sources, delivered within the bound.</summary>
internal static class GenesysScenarioGenerator
{
    private const int MaxChanges = 30;
    private static readonly GenesysSystemPresence[] Presences = Enum.GetValues<GenesysSystemPresence>();
    private static readonly GenesysRoutingStatus[] Statuses = Enum.GetValues<GenesysRoutingStatus>();
    private static readonly ConversationCounts[] Counts = [ConversationCounts.None, new(1, 0), new(0, 1), new(1, 1), new(2, 0)];

    /// <param name="sourceSpacing">The least gap between two changes of the same source.</param>
    public static Gen<GenesysScenario> Scenarios(TimeSpan sourceSpacing = default)
    {
        var delay = Gen.Int[0, (int)ScenarioGenerator.DeliveryBound.TotalMilliseconds - 1];
        var gap = Gen.OneOf(Gen.Int[1, 150], Gen.Int[1, 2000]);
        return from start in Gen.Select(Gen.Int[0, Presences.Length - 1], Gen.Int[0, Statuses.Length - 1], Gen.Int[0, Counts.Length - 1], Gen.Bool)
               from steps in Gen.Select(Gen.Int[0, 3], Gen.Int[0, 9], gap, delay).Array[1, MaxChanges]
               from repeats in Gen.Select(Gen.Int[0, MaxChanges - 1], delay).Array[0, 6]
               select Build(start, steps, repeats, sourceSpacing);
    }

    private static GenesysScenario Build(
        (int Presence, int Routing, int Counts, bool Station) start,
        (int Source, int Value, int GapMs, int DelayMs)[] steps,
        (int Index, int DelayMs)[] repeats,
        TimeSpan sourceSpacing)
    {
        var reading = new GenesysAgentReading(
            Deltas.Agent, Presences[start.Presence], Clock.T0, Statuses[start.Routing], Clock.T0, Counts[start.Counts], start.Station, Clock.T0);
        var changes = new List<GenesysChange>();
        var arrivals = new List<(DateTimeOffset At, GenesysChange Change)>();
        var at = Clock.T0;
        var lastOfSource = new Dictionary<int, DateTimeOffset>();
        var lastArrivalOfSource = new Dictionary<int, DateTimeOffset>();
        foreach (var (source, value, gapMs, delayMs) in steps)
        {
            at = at.AddMilliseconds(gapMs);
            if (lastOfSource.TryGetValue(source, out var last) && at - last < sourceSpacing)
            {
                at = last + sourceSpacing;
            }

            lastOfSource[source] = at;
            var change = source switch
            {
                0 => new GenesysChange(at, Presences[value % Presences.Length], null, null, null),
                1 => new GenesysChange(at, null, Statuses[value % Statuses.Length], null, null),
                2 => new GenesysChange(at, null, null, Counts[value % Counts.Length], null),
                _ => new GenesysChange(at, null, null, null, value % 2 == 0),
            };
            changes.Add(change);
            var arrival = at.AddMilliseconds(delayMs);
            if (!change.Timestamped && lastArrivalOfSource.TryGetValue(source, out var previous) && arrival < previous)
            {
                arrival = previous;
            }

            lastArrivalOfSource[source] = arrival;
            arrivals.Add((arrival, change));
        }

        // Genesys repeats nothing on one socket; a repeat is what a hand-over between two sockets could deliver twice,
        // and only a timestamped one is harmless by itself (the adapter drops repeats of the others).
        foreach (var (index, delayMs) in repeats)
        {
            var change = changes[index % changes.Count];
            if (change.Timestamped)
            {
                arrivals.Add((change.At.AddMilliseconds(delayMs), change));
            }
        }

        var stamps = new ArrivalStamps();
        var deliveries = arrivals
            .Select((a, i) => (a.At, a.Change, Order: i))
            .OrderBy(a => a.At).ThenBy(a => a.Order)
            .Select(a => new Delivery(a.At, ToDelta(a.Change, stamps, a.At)))
            .ToList();
        return new GenesysScenario(reading, changes, deliveries);
    }

    private static PresenceDelta ToDelta(GenesysChange change, ArrivalStamps stamps, DateTimeOffset arrival) => change switch
    {
        { Presence: { } presence } => GenesysSignals.PresenceDelta(Deltas.Agent, presence, change.At),
        { Routing: { } status } => GenesysSignals.RoutingDelta(Deltas.Agent, status, change.At),
        { Conversations: { } counts } => GenesysSignals.ConversationsDelta(Deltas.Agent, counts, stamps.Next(arrival)),
        _ => GenesysSignals.StationDelta(Deltas.Agent, change.Station!.Value, stamps.Next(arrival)),
    };
}
