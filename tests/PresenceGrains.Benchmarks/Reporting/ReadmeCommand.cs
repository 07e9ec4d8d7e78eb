using PresenceGrains.Benchmarks.Cli;

namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>
/// <c>readme [--out DIR]</c>: rebuilds the report folder's README from the reports already there, measuring nothing —
/// for when the page's layout changes and the figures must not be re-run to show it.
/// </summary>
internal static class ReadmeCommand
{
    public static int Run(string[] args)
    {
        var options = new CommandArguments(args, ["--out"]);
        var folder = options.ReportFolder;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"No report folder at {folder}.");
        }

        ReportWriter.RewriteReadme(folder);
        Console.WriteLine($"rebuilt {Path.Combine(folder, "README.md")}");
        return 0;
    }
}
