namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>
/// Where reports go: <c>docs/benchmarks</c> of the repository the command runs in, or <c>--out</c>. A smoke run writes
/// to a temporary folder unless told otherwise, so it never replaces real figures.
/// </summary>
public static class ReportFolder
{
    public static string Resolve(string? requested, bool smoke)
    {
        if (requested is not null)
        {
            return Path.GetFullPath(requested);
        }

        if (smoke)
        {
            return Path.Combine(Path.GetTempPath(), "presencegrains-benchmarks-smoke");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PresenceGrains.sln")))
                {
                    return Path.Combine(dir.FullName, "docs", "benchmarks");
                }
            }
        }

        throw new InvalidOperationException("Not inside the PresenceGrains repository: pass --out <folder> for the reports.");
    }
}
