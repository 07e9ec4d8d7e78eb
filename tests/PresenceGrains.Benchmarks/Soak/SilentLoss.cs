using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>
/// Silent delta loss: the platform drops a share of deltas while its heartbeats keep coming, so no channel rule fires and
/// only the background re-read (anti-entropy) can find what was lost. It runs last, with the simulation stopped right
/// after it, so that nothing else (a reconnect's snapshot) repairs what it broke.
/// </summary>
/// <param name="RereadPeriod">The service's anti-entropy period in the soak.</param>
/// <param name="WrongAfterDelivery">Agents still shown wrong once every change made before the stop had its delivery and hold time: changes lost in silence.</param>
/// <param name="StayedWrong">For those, from the change the service never heard to the publication that repaired it.</param>
/// <param name="LeftWrongAfterOnePeriod">Agents still shown wrong (or not Fresh) one re-read period (plus delivery and hold) after the stop.</param>
internal sealed record SilentLossFigures(
    TimeSpan RereadPeriod,
    int WrongAfterDelivery,
    Reporting.LatencySummary StayedWrong,
    int LeftWrongAfterOnePeriod,
    IReadOnlyList<string> Examples)
{
    public const double LossProbability = 0.2;

    public static readonly string WindowName = $"silent delta loss ({LossProbability:P0}; heartbeats continue)";

    /// <summary>Switches the loss on for <paramref name="length"/> while the simulation runs.</summary>
    public static async Task<SoakWindow> RunAsync(EmulatorServer emulator, TimeSpan length)
    {
        Reporting.Progress.Say($"soak: {WindowName}");
        var on = DateTimeOffset.UtcNow;
        emulator.Faults.LoseDeltas = new LoseDeltasFault(LossProbability);
        await Task.Delay(length);
        emulator.Faults.LoseDeltas = null;
        return new SoakWindow(WindowName, on, DateTimeOffset.UtcNow);
    }

    /// <param name="published">Every publication of the run, seeding included.</param>
    /// <param name="stoppedAt">When the simulation stopped, right after the loss was switched off.</param>
    public static SilentLossFigures Measure(
        EmulatorServer emulator, AgentDirectory agents, TruthRecorder truth, Publication[] published, DateTimeOffset stoppedAt, TimeSpan rereadPeriod)
    {
        var final = emulator.Centre.Truth().ToDictionary(t => t.AgentId, DesignComposite.Of);
        var delivered = stoppedAt + SoakScorer.MustShowAfter;
        var deadline = delivered + rereadPeriod;
        var byAgent = published.GroupBy(p => p.Agent).ToDictionary(g => g.Key, g => g.OrderBy(p => p.ReceivedAt).ToList());
        var stayedWrong = new List<double>();
        var wrong = 0;
        var leftWrong = 0;
        var examples = new List<string>();
        for (var agent = 0; agent < agents.Count; agent++)
        {
            var id = agents.Agents[agent].AgentId;
            var state = final[id];
            var shown = byAgent.GetValueOrDefault(agent, []);
            if (shown.LastOrDefault(p => p.ReceivedAt <= delivered) is { Freshness: Freshness.Fresh } then && then.State == state)
            {
                continue;
            }

            wrong++;
            var since = truth.Transitions[agent][^1].At;
            var repair = shown.FirstOrDefault(p => p.ReceivedAt > delivered && p.State == state && p.Freshness == Freshness.Fresh);
            if (repair.ReceivedAt != default)
            {
                stayedWrong.Add((repair.ReceivedAt - since).TotalMilliseconds);
            }

            if (repair.ReceivedAt == default || repair.ReceivedAt > deadline)
            {
                leftWrong++;
                if (examples.Count < 10)
                {
                    examples.Add($"{id}: truly {state} since {since:HH:mm:ss.fff}, " +
                        (repair.ReceivedAt == default ? "never repaired" : $"repaired at {repair.ReceivedAt:HH:mm:ss.fff}"));
                }
            }
        }

        return new SilentLossFigures(rereadPeriod, wrong, Reporting.LatencySummary.Of(stayedWrong), leftWrong, examples);
    }
}
