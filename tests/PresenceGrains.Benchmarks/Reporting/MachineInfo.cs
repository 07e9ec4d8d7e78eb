using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>The machine a figure came from, and how busy it was: figures from a shared machine mean little without it.</summary>
public sealed record MachineInfo(
    int Processors,
    string Cpu,
    string Memory,
    string DotNet,
    string Os,
    string GarbageCollector,
    string LoadAverage)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        CpuModel(),
        FreeMemory(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        GarbageCollectorName(),
        CurrentLoad());

    /// <summary>Server or workstation, and whether DATAS sizes the heap (as set, environment included).</summary>
    private static string GarbageCollectorName()
    {
        if (!GCSettings.IsServerGC)
        {
            return "workstation GC";
        }

        var datas = GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out var mode) && Convert.ToInt64(mode, System.Globalization.CultureInfo.InvariantCulture) == 1;
        return datas ? "server GC, DATAS" : "server GC, DATAS off";
    }

    /// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>.</summary>
    public static string CurrentLoad() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public string ToMarkdown() =>
        $"`nproc` {Processors}; CPU {Cpu}; memory (`free -h`) {Memory}; {DotNet} ({GarbageCollector}); {Os}";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    /// <summary>The <c>Mem:</c> line of <c>free -h</c>: total, used, free, shared, buff/cache, available.</summary>
    private static string FreeMemory()
    {
        try
        {
            using var free = Process.Start(new ProcessStartInfo("free", "-h") { RedirectStandardOutput = true, UseShellExecute = false });
            if (free is null)
            {
                return "unknown";
            }

            var output = free.StandardOutput.ReadToEnd();
            free.WaitForExit();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Mem:", StringComparison.Ordinal));
            return line is null ? "unknown" : "total/used/free/shared/cache/available " + string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
