using PresenceGrains.Domain.Genesys;

namespace PresenceGrains.Domain.Tests.Genesys;

/// <summary>
/// The reference, written from the mapping table's words and sharing no code with the Domain: what an agent is at an
/// instant, given the latest state of each Genesys source made by then.
/// </summary>
internal static class GenesysTruth
{
    public static (PresenceLevel Level, bool Routable) At(GenesysScenario scenario, DateTimeOffset t)
    {
        var presence = scenario.Start.Presence!.Value;
        var routing = scenario.Start.Routing!.Value;
        var conversations = scenario.Start.Conversations!.Value;
        var station = scenario.Start.StationAssociated;
        foreach (var change in scenario.Changes.Where(c => c.At <= t).OrderBy(c => c.At))
        {
            presence = change.Presence ?? presence;
            routing = change.Routing ?? routing;
            conversations = change.Conversations ?? conversations;
            station = change.Station ?? station;
        }

        PresenceLevel level;
        if (conversations.Active > 0 || routing == GenesysRoutingStatus.Communicating)
        {
            level = PresenceLevel.OnCall;
        }
        else if (conversations.Acw > 0 || routing == GenesysRoutingStatus.Interacting)
        {
            level = PresenceLevel.WrapUp;
        }
        else if (routing == GenesysRoutingStatus.NotResponding
            || presence is not (GenesysSystemPresence.OnQueue or GenesysSystemPresence.Offline))
        {
            level = PresenceLevel.NotReady;
        }
        else
        {
            level = presence == GenesysSystemPresence.OnQueue ? PresenceLevel.Available : PresenceLevel.Offline;
        }

        return (level, level == PresenceLevel.Available && station);
    }

    /// <summary>Whether the truth was anything but Available and routable at every instant of [from, to].</summary>
    public static bool NotRoutableThroughout(GenesysScenario scenario, DateTimeOffset from, DateTimeOffset to) =>
        scenario.Changes.Select(c => c.At)
            .Where(t => t > from && t <= to)
            .Prepend(from)
            .All(t => At(scenario, t) is not { Level: PresenceLevel.Available, Routable: true });
}
