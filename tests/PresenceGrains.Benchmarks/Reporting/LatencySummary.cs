namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>A latency distribution in milliseconds, by nearest-rank percentiles.</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? Empty
            : new LatencySummary(sorted.Length, At(sorted, 0.5), At(sorted, 0.9), At(sorted, 0.99), At(sorted, 0.999), sorted[^1]);
    }

    /// <summary>The cells of a table row: count, p50, p99, p99.9, max.</summary>
    public IEnumerable<string> Cells() => Count == 0
        ? ["0", "–", "–", "–", "–"]
        : [Format.Count(Count), Format.Ms(P50), Format.Ms(P99), Format.Ms(P999), Format.Ms(Max)];

    private static double At(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
