namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>
/// The reference model, written from the design's words and sharing no code with the Domain: the truth at instant t
/// is the latest state of each source among the deltas emitted by t, resolved by design §2 rules 2–3.
/// </summary>
internal static class GroundTruth
{
    public static (PresenceLevel Level, bool Routable) At(IReadOnlyList<PresenceDelta> emitted, DateTimeOffset t)
    {
        var latest = emitted.Where(d => d.LastUpdated <= t).GroupBy(d => d.DeviceId).Select(g => g.MaxBy(d => d.LastUpdated)!).ToList();
        var user = latest.SingleOrDefault(d => d.DeviceId is null);
        var devices = latest.Where(d => d.DeviceId is not null).Select(d => Level(d.Signal)).ToList();

        var level = user is null
            ? devices.DefaultIfEmpty(PresenceLevel.Offline).Max()
            : devices.Where(IsEngaged).Append(Level(user.Signal)).Max();
        var reachable = devices.Count == 0 || devices.Any(d => d != PresenceLevel.Offline);
        return (level, level == PresenceLevel.Available && reachable);
    }

    /// <summary>The latest state of every source once everything has been emitted, as (device id or null, signal).</summary>
    public static IEnumerable<(string? Source, PresenceSignal Signal, DateTimeOffset LastUpdated)> FinalSources(IReadOnlyList<PresenceDelta> emitted) =>
        emitted.GroupBy(d => d.DeviceId).Select(g => g.MaxBy(d => d.LastUpdated)!).Select(d => (d.DeviceId, d.Signal, d.LastUpdated));

    /// <summary>Whether the truth was engaged at every instant of [from, to]: it only changes when a delta is emitted.</summary>
    public static bool EngagedThroughout(IReadOnlyList<PresenceDelta> emitted, DateTimeOffset from, DateTimeOffset to) =>
        emitted.Select(d => d.LastUpdated)
            .Where(t => t > from && t <= to)
            .Prepend(from)
            .All(t => IsEngaged(At(emitted, t).Level));

    /// <summary>
    /// Whether one source (the user level when <paramref name="deviceId"/> is null) was engaged at every instant of
    /// [from, to]: its state at <paramref name="from"/> was engaged and so was every state it took until <paramref name="to"/>.
    /// </summary>
    public static bool SourceEngagedThroughout(IReadOnlyList<PresenceDelta> emitted, string? deviceId, DateTimeOffset from, DateTimeOffset to)
    {
        var own = emitted.Where(d => d.DeviceId == deviceId).ToList();
        var atStart = own.Where(d => d.LastUpdated <= from).MaxBy(d => d.LastUpdated);
        return atStart is not null
            && IsEngaged(Level(atStart.Signal))
            && own.Where(d => d.LastUpdated > from && d.LastUpdated <= to).All(d => IsEngaged(Level(d.Signal)));
    }

    private static bool IsEngaged(PresenceLevel level) => level > PresenceLevel.Available;

    private static PresenceLevel Level(PresenceSignal signal) => signal switch
    {
        PresenceSignal.OnCall or PresenceSignal.InUse or PresenceSignal.Ringing => PresenceLevel.OnCall,
        PresenceSignal.WrapUp => PresenceLevel.WrapUp,
        PresenceSignal.NotReady => PresenceLevel.NotReady,
        PresenceSignal.Available or PresenceSignal.Online => PresenceLevel.Available,
        _ => PresenceLevel.Offline,
    };
}
