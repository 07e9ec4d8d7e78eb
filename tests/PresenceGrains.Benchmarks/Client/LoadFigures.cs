using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>One closed-loop run of routing questions: where they were asked from, how many callers, what came back.</summary>
internal sealed record LoadFigures(
    string Where, int Concurrency, long Calls, double Seconds, double CallsPerSecond, LatencySummary Latency, long Routable, long Failures);
