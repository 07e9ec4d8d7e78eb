using PresenceGrains.Benchmarks.Reporting;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>The client benchmark's headlines, table and notes.</summary>
internal static class ClientReport
{
    public static void Describe(BenchmarkReport report, IReadOnlyList<LoadFigures> figures, int agents, TimeSpan period, long serviceErrors)
    {
        foreach (var f in figures.Where(f => f.Where != ClientCommand.BareGrainCall))
        {
            report.Headline($"IsRoutableAsync from {f.Where}, {f.Concurrency} caller(s), {Format.Count(agents)} agents: calls/s, p99",
                $"{Format.Rate(f.CallsPerSecond)}/s, p99 {Format.FineMs(f.Latency.P99)}", "–", null);
        }

        var table = report.Table($"IsRoutableAsync, {Format.Count(agents)} agents, {Format.Seconds(period)} per row after a warm-up",
            "asked from", "callers", "calls/s", "calls", "p50", "p99", "p99.9", "max", "answered routable", "failed");
        foreach (var f in figures.OrderBy(f => f.Concurrency).ThenBy(f => f.Where, StringComparer.Ordinal))
        {
            table.Add([f.Where, Format.Count(f.Concurrency), Format.Rate(f.CallsPerSecond), Format.Count(f.Calls), Format.FineMs(f.Latency.P50),
                Format.FineMs(f.Latency.P99), Format.FineMs(f.Latency.P999), Format.FineMs(f.Latency.Max),
                f.Calls == 0 ? "–" : $"{100.0 * f.Routable / f.Calls:0} %", Format.Count(f.Failures)]);
        }

        report.Notes.Add("Each caller asks about a random watched agent and asks again as soon as it is answered (a closed loop), so calls/s is what " +
            "that many outstanding questions get, and latency is per call. \"In the silo's process\" calls go through the silo's own client " +
            "(no socket); the client process is a second process of this benchmark that connects with `AddPresenceClient` to the silo's gateway " +
            "on loopback, as a router would. \"IPresenceClient\" is the façade (it checks the agent is watched, remembered for " +
            "`KnownAgentTtl`, then asks the agent grain); \"bare grain call\" is `IAgentPresenceGrain.IsRoutableAsync` on the same client.");
        report.Notes.Add("The service runs on memory storage (the embedded default's providers), following an emulator in a process of its own " +
            "whose simulation is stopped once every agent signed in, so no deltas compete with the reads. Every agent grain is resident " +
            "before the first call.");
        report.Notes.Add("The machine is shared: other engineers build and test on the same 2 cores while this runs, so the figures move from run " +
            $"to run; the load average at start and end is above. The client process, the silo and the emulator share those 2 cores too. " +
            $"Service errors logged during the run: {Format.Count(serviceErrors)}.");
    }
}
