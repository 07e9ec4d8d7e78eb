namespace PresenceGrains.Benchmarks.Reporting;

/// <summary>Progress lines while a long benchmark runs, stamped so that a slow phase shows.</summary>
public static class Progress
{
    public static void Say(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
}
