using System.Diagnostics;
using System.Globalization;
using PresenceGrains.Benchmarks.Cli;
using BenchmarkDotNet.Running;

namespace PresenceGrains.Benchmarks.Resolver;

/// <summary>
/// The <c>resolver [--smoke]</c> subcommand: describes the stream, runs the benchmark, prints the per-delta figures. The
/// smoke run replays the stream once with a stopwatch instead of BenchmarkDotNet's minutes of measurement.
/// </summary>
public static class ResolverCommand
{
    public static int Run(string[] args)
    {
        var smoke = new CommandArguments(args, [], ["--smoke"]).Flag("--smoke");
        var stream = AgentDayStream.Create(ResolverBenchmark.StreamLength);
        var clock = Stopwatch.StartNew();
        var replayed = ResolverBenchmark.Replay(stream);
        var once = clock.Elapsed;
        var anomalies = replayed.Anomalies;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stream: {stream.Length} deltas delivered to one agent with 3 devices, " +
            $"{anomalies.StaleDeltas} stale, {anomalies.Duplicates} duplicates, {anomalies.InversionsHeld} inversions held, " +
            $"{replayed.Published.Sequence} publications"));

        if (smoke)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resolver (smoke, one replay, not warmed up): {stream.Length / once.TotalSeconds:N0} deltas/s"));
            return 0;
        }

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
