using Xunit.Abstractions;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// Runs the Azure Storage collection before every other one, on purpose: its hosts read stored grain state back, and
/// the in-memory hosts started after them in this process must still see only what they made. That order once showed
/// a new connector starting with another host's watched set (a shared default filled in by the storage serializer;
/// see <c>StoredStateIsolationTests</c>), so it stays the order that would show it again.
/// </summary>
public sealed class StorageTestsFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName == AzuriteCollection.Name ? 0 : 1)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
