// These tests run whole hosts, emulators, Azurite and a browser on a 2-core machine, and several judge latency:
// one at a time, they measure the service rather than the contention between them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("PresenceGrains.Service.Tests.Support.StorageTestsFirst", "PresenceGrains.Service.Tests")]
