using System.Globalization;
using BenchmarkDotNet.Running;

namespace PresenceGrains.Benchmarks.Resolver;

/// <summary>The <c>resolver</c> subcommand: describes the stream, runs the benchmark, prints the per-delta figures.</summary>
public static class ResolverCommand
{
    public static int Run()
    {
        var stream = AgentDayStream.Create(ResolverBenchmark.StreamLength);
        var replayed = ResolverBenchmark.Replay(stream);
        var anomalies = replayed.Anomalies;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stream: {stream.Length} deltas delivered to one agent with 3 devices, " +
            $"{anomalies.StaleDeltas} stale, {anomalies.Duplicates} duplicates, {anomalies.InversionsHeld} inversions held, " +
            $"{replayed.Published.Sequence} publications"));

        var summary = BenchmarkRunner.Run<ResolverBenchmark>();
        var report = summary.Reports.SingleOrDefault();
        if (report?.ResultStatistics is not { } statistics)
        {
            Console.Error.WriteLine("resolver: the benchmark produced no result");
            return 1;
        }

        var bytesPerDelta = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"resolver: {1e9 / statistics.Mean:N0} deltas/s ({statistics.Mean:N1} ns/delta), {bytesPerDelta} B allocated/delta"));
        return 0;
    }
}
