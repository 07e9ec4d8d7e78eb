using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>The soak's figures window by window, as one report table: the one-process soak's and the cluster's read alike.</summary>
internal static class SoakScoreTable
{
    public static void Add(BenchmarkReport report, string title, IReadOnlyList<SoakScore> scores)
    {
        var table = report.Table(title,
            "window", "agent-hours", "false Available, raw (ms)", "false Available beyond grace (ms)", "routable while Offline beyond grace (ms)",
            "mismatch (ms / agent-hour)", "truth changes", "convergence p50", "p99", "max", "p99 while up", "lost while up", "in outage", "superseded");
        foreach (var s in scores)
        {
            table.Add([s.Window, Format.Number(s.AgentHours, "0.00"), Format.Number(s.FalseAvailableMs, "N0"), Format.Number(s.FalseAvailableBeyondGraceMs, "N0"),
                Format.Number(s.RoutableWhileOfflineBeyondGraceMs, "N0"), Format.Number(s.MismatchMsPerAgentHour, "N0"), Format.Count(s.Transitions),
                s.Convergence.Count == 0 ? "–" : Format.Ms(s.Convergence.P50), s.Convergence.Count == 0 ? "–" : Format.Ms(s.Convergence.P99),
                s.Convergence.Count == 0 ? "–" : Format.Ms(s.Convergence.Max), s.ConvergenceWhileUp.Count == 0 ? "–" : Format.Ms(s.ConvergenceWhileUp.P99),
                Format.Count(s.Lost), Format.Count(s.LostInOutage), Format.Count(s.Superseded)]);
        }
    }
}
