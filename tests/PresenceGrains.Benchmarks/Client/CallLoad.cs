using System.Diagnostics;
using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>
/// A closed loop of routing questions: <c>concurrency</c> callers, each asking about a random agent and asking again
/// as soon as it is answered, for a period after a warm-up. Counts answers and their latency; failures are counted, not thrown.
/// </summary>
internal static class CallLoad
{
    public static async Task<LoadFigures> RunAsync(
        string where, IReadOnlyList<string> agents, Func<string, Task<bool>> ask, int concurrency, TimeSpan warmUp, TimeSpan period)
    {
        await RunCallersAsync(agents, ask, concurrency, warmUp);
        var clock = Stopwatch.StartNew();
        var (latencies, routable, failures) = await RunCallersAsync(agents, ask, concurrency, period);
        var elapsed = clock.Elapsed;
        var summary = LatencySummary.Of(latencies);
        Progress.Say($"client: {where}, {concurrency} caller(s): {Format.Rate(latencies.Count / elapsed.TotalSeconds)} calls/s, p50 {Format.Ms(summary.P50)}, p99 {Format.Ms(summary.P99)}, {failures} failed");
        return new LoadFigures(where, concurrency, latencies.Count, elapsed.TotalSeconds, latencies.Count / elapsed.TotalSeconds, summary, routable, failures);
    }

    private static async Task<(List<double> Latencies, long Routable, long Failures)> RunCallersAsync(
        IReadOnlyList<string> agents, Func<string, Task<bool>> ask, int concurrency, TimeSpan period)
    {
        var end = Stopwatch.GetTimestamp() + (long)(period.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, concurrency).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var latencies = new List<double>();
            long routable = 0, failures = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var agent = agents[random.Next(agents.Count)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    routable += await ask(agent) ? 1 : 0;
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failures++;
                }
            }

            return (latencies, routable, failures);
        })).ToList();
        var results = await Task.WhenAll(callers);
        return ([.. results.SelectMany(r => r.latencies)], results.Sum(r => r.routable), results.Sum(r => r.failures));
    }
}
