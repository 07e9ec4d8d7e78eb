using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>How what was published compares with the truth over one window of the soak (or the whole of it).</summary>
/// <param name="AgentHours">Agents × the window's length.</param>
/// <param name="FalseAvailableMs">Shown Available and routable while the truth was engaged (NotReady, WrapUp, OnCall), summed over agents, raw.</param>
/// <param name="FalseAvailableBeyondGraceMs">The same, counted only once the truth had been engaged for longer than the grace (delivery) bound.</param>
/// <param name="RoutableWhileOfflineBeyondGraceMs">Shown Available and routable while the truth was Offline for longer than the grace bound.</param>
/// <param name="MismatchMs">Shown level ≠ true level, summed over agents (includes every lowering's hold window, by design).</param>
/// <param name="Transitions">Truth transitions judged (each agent's first state in the record is not one).</param>
/// <param name="Convergence">From a truth transition to the first publication of that level, for those shown while still true.</param>
/// <param name="Lost">Truth states that lasted longer than the hold window plus the grace yet were never shown while true.</param>
/// <param name="Superseded">Shorter truth states never shown while true (a lowering undone within the hold window is meant to vanish).</param>
internal sealed record SoakScore(
    string Window,
    double AgentHours,
    double FalseAvailableMs,
    double FalseAvailableBeyondGraceMs,
    double RoutableWhileOfflineBeyondGraceMs,
    double MismatchMs,
    int Transitions,
    LatencySummary Convergence,
    int Lost,
    int Superseded,
    IReadOnlyList<string> LostExamples,
    IReadOnlyList<string> FalseAvailableExamples)
{
    public double MismatchMsPerAgentHour => AgentHours > 0 ? MismatchMs / AgentHours : 0;

    public double FalseAvailableMsPerAgentHour => AgentHours > 0 ? FalseAvailableMs / AgentHours : 0;
}
