using System.Diagnostics;

namespace PresenceGrains.Benchmarks.Cli;

/// <summary>
/// Runs this benchmark program again as a child process (a measurement that needs a fresh process of its own), its
/// output passed through.
/// </summary>
internal static class ChildProcess
{
    public static async Task<int> RunSelfAsync(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(self) { UseShellExecute = false };

        // Under `dotnet PresenceGrains.Benchmarks.dll` the process is dotnet itself: hand it the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
