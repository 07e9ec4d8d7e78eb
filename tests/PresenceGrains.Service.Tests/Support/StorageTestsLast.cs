using Xunit.Abstractions;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// Runs the Azure Storage collection after every other one. A host started in this process after the storage tests'
/// hosts has been seen to find their watched set (see the closing note of the service issue); until that is
/// understood, the in-memory hosts run first so that each test sees only what it made.
/// </summary>
public sealed class StorageTestsLast : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName == AzuriteCollection.Name ? 1 : 0)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
