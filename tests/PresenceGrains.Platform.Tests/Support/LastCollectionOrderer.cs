using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("PresenceGrains.Platform.Tests.Support.LastCollectionOrderer", "PresenceGrains.Platform.Tests")]

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// Runs the log audit collection after every other one, so it scans the log of the whole run. Tests run one at a time:
/// they share one captured log and time-sensitive loopback sockets on a small machine.
/// </summary>
public sealed class LastCollectionOrderer : ITestCollectionOrderer
{
    public const string AuditCollection = "Log audit (runs last)";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == AuditCollection ? 1 : 0).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
