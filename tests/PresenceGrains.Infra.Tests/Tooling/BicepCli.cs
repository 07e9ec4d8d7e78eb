using System.Diagnostics;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>Runs the Bicep CLI from the NuGet package (Azure.Bicep.CommandLine.linux-x64), offline, bounded in time.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var executable = RepositoryLayout.BicepExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"No Bicep CLI at {executable}: restore tests/PresenceGrains.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64).",
                executable);
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Limit.TotalSeconds:0} s.");
        }

        return new BicepRun(process.ExitCode, await output, await errors);
    }
}
