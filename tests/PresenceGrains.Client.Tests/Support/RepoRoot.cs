namespace PresenceGrains.Client.Tests.Support;

/// <summary>Finds the repository root from the test assembly's folder (where PresenceGrains.sln is).</summary>
public static class RepoRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PresenceGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PresenceGrains.sln not found above " + AppContext.BaseDirectory);
    }
}
