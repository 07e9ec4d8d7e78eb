using PresenceGrains.Benchmarks.Cli;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// Where the service under test keeps grain state, reminders, streams and history: <c>--storage memory</c> (the
/// embedded default) or <c>--storage azurite</c> (Azure Tables and Queues, the production shape, on an Azurite that each
/// service under test starts for itself and stops with it). Every report says which one its figures came from.
/// </summary>
internal sealed record BenchStorage(bool IsAzurite)
{
    public static BenchStorage Memory { get; } = new(false);

    /// <summary>How reports name it.</summary>
    public string Label => IsAzurite ? "Azure Storage (Azurite)" : "memory";

    /// <summary>Report names: the memory run keeps the benchmark's name, the Azurite run adds <c>-azurite</c>.</summary>
    public string ReportName(string benchmark) => IsAzurite ? benchmark + "-azurite" : benchmark;

    /// <summary>A title with the storage in it, so that the README's gathered headlines tell the two apart.</summary>
    public string Title(string title) => $"{title} [{Label}]";

    public static BenchStorage Parse(CommandArguments options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Text("--storage") switch
        {
            null or "memory" => Memory,
            "azurite" => new BenchStorage(true),
            var other => throw new UsageException($"--storage takes memory or azurite, not '{other}'."),
        };
    }
}
