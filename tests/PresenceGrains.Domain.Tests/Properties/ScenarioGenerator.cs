using CsCheck;

namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>Generates delta sequences for one agent with 1–3 devices and a delivery schedule that reorders and repeats.</summary>
internal static class ScenarioGenerator
{
    /// <summary>D: every delivery happens before emission + D. Below the hold window, as the design assumes.</summary>
    public static readonly TimeSpan DeliveryBound = TimeSpan.FromMilliseconds(400);

    private const int MaxDeltas = 30;
    private static readonly PresenceSignal[] UserSignals =
        [PresenceSignal.Available, PresenceSignal.NotReady, PresenceSignal.OnCall, PresenceSignal.WrapUp, PresenceSignal.Offline];
    private static readonly PresenceSignal[] DeviceSignals = Enum.GetValues<PresenceSignal>();

    /// <param name="minGapMs">The least gap between emissions: 1 keeps timestamps strictly increasing, 0 allows ties.</param>
    /// <param name="sourceSpacing">The least gap between two deltas of the same source.</param>
    public static Gen<DeliveryScenario> Scenarios(int minGapMs = 1, TimeSpan sourceSpacing = default)
    {
        var delay = Gen.Int[0, (int)DeliveryBound.TotalMilliseconds - 1];

        // Mostly gaps well inside the hold window (where inversions happen), some long enough for windows to close.
        var gap = Gen.OneOf(Gen.Int[minGapMs, 150], Gen.Int[minGapMs, 2000]);
        return from deviceCount in Gen.Int[1, 3]
               from steps in Gen.Select(Gen.Int[0, deviceCount], Gen.Int[0, DeviceSignals.Length - 1], gap, delay).Array[1, MaxDeltas]
               from repeats in Gen.Select(Gen.Int[0, MaxDeltas - 1], delay).Array[0, 8]
               select Build(steps, repeats, sourceSpacing);
    }

    /// <param name="steps">Per delta: source (0 = user level, else device number), signal index, gap before it, delivery delay.</param>
    /// <param name="repeats">Per repeated delivery: which delta (modulo the count) and its own delay.</param>
    private static DeliveryScenario Build(
        (int Source, int Signal, int GapMs, int DelayMs)[] steps, (int Index, int DelayMs)[] repeats, TimeSpan sourceSpacing)
    {
        var emitted = new List<PresenceDelta>(steps.Length);
        var deliveries = new List<Delivery>(steps.Length + repeats.Length);
        var at = Clock.T0;
        var lastOfSource = new Dictionary<int, DateTimeOffset>();
        foreach (var (source, signal, gapMs, delayMs) in steps)
        {
            at = at.AddMilliseconds(gapMs);
            if (lastOfSource.TryGetValue(source, out var last) && at - last < sourceSpacing)
            {
                at = last + sourceSpacing;
            }

            lastOfSource[source] = at;
            var delta = source == 0
                ? new PresenceDelta(Deltas.Agent, null, UserSignals[signal % UserSignals.Length], at)
                : new PresenceDelta(Deltas.Agent, $"device-{source}", DeviceSignals[signal], at);
            emitted.Add(delta);
            deliveries.Add(new Delivery(at.AddMilliseconds(delayMs), delta));
        }

        foreach (var (index, delayMs) in repeats)
        {
            var delta = emitted[index % emitted.Count];
            deliveries.Add(new Delivery(delta.LastUpdated.AddMilliseconds(delayMs), delta));
        }

        return new DeliveryScenario(emitted, deliveries);
    }
}
