using System.Globalization;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>How figures read in tables and on the console: invariant culture, units spelled out.</summary>
public static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Milliseconds with microseconds kept below 1 ms (in-process calls answer in tens of microseconds).</summary>
    public static string FineMs(double milliseconds) =>
        milliseconds < 1 ? milliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : Ms(milliseconds);

    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Number(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string KiB(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    public static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    /// <summary>A verdict against a target: "met" or "missed", never a softer word.</summary>
    public static string Verdict(bool met) => met ? "met" : "**missed**";
}
