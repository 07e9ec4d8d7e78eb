using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// Latency from a delta's emission (its <c>lastUpdated</c>, stamped by the emulator on this machine's clock) to a
/// subscriber, split by what the publication did to the agent's level: a raise is published at once, a lowering after
/// the hold window (design §2 rule 4). Publications that keep the level (device detail, routability) are counted apart.
/// </summary>
internal sealed record DirectionalLatency(LatencySummary Raise, LatencySummary Lower, int SameLevel)
{
    /// <param name="window">Publications in arrival order.</param>
    /// <param name="levelBefore">Each agent's published level before the window.</param>
    public static DirectionalLatency Of(IEnumerable<Publication> window, AgentState[] levelBefore)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(levelBefore);
        var level = (AgentState[])levelBefore.Clone();
        var raises = new List<double>();
        var lowers = new List<double>();
        var same = 0;
        foreach (var publication in window)
        {
            var before = level[publication.Agent];
            level[publication.Agent] = publication.State;
            if (publication.Cause != ChangeCause.Delta)
            {
                continue;
            }

            if (publication.State > before)
            {
                raises.Add(publication.LatencyMs);
            }
            else if (publication.State < before)
            {
                lowers.Add(publication.LatencyMs);
            }
            else
            {
                same++;
            }
        }

        return new DirectionalLatency(LatencySummary.Of(raises), LatencySummary.Of(lowers), same);
    }
}
