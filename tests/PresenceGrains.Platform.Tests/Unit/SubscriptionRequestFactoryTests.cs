using PresenceGrains.Platform.Subscriptions;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class SubscriptionRequestFactoryTests
{
    [Fact]
    public void More_ids_than_one_filter_holds_go_out_as_several_entries_of_the_same_scope()
    {
        var agents = Enumerable.Range(1, 150_000).Select(i => $"agent-{i}").ToList();
        var devices = agents.SelectMany(a => new[] { a + "-softphone", a + "-mobile", a + "-deskphone" }).ToList();

        var request = SubscriptionRequestFactory.Create(new WatchSubscription(agents, devices));

        SubscriptionGuard.EnsureSafe(request);
        var user = Assert.Single(request.Subscriptions, s => s.Type == "user");
        Assert.Equal(agents, user.Filter!.Ids!);
        var deviceEntries = request.Subscriptions.Where(s => s.Type == "device").ToList();
        Assert.Equal(3, deviceEntries.Count);
        Assert.All(deviceEntries, d => Assert.InRange(d.Filter!.Ids!.Count, 1, SubscriptionRequestFactory.MaxIdsPerFilter));
        Assert.All(deviceEntries, d => Assert.Equal(WatchSubscription.DeviceStateTypes, d.StateTypes!));
        Assert.Equal(devices, deviceEntries.SelectMany(d => d.Filter!.Ids!));
    }
}
