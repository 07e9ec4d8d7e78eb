using PresenceGrains.Platform.Subscriptions;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class SubscriptionGuardTests
{
    private static readonly string[] UserStates = ["available", "notReady", "onCall", "wrapUp", "offline"];

    [Fact]
    public void A_user_and_device_subscription_with_ids_and_explicit_states_is_safe()
    {
        var request = SubscriptionRequestFactory.Create(new WatchSubscription(["agent-1", "agent-2"], ["agent-1-softphone"]));

        SubscriptionGuard.EnsureSafe(request);

        Assert.Collection(
            request.Subscriptions,
            user =>
            {
                Assert.Equal("user", user.Type);
                Assert.Equal(["agent-1", "agent-2"], user.Filter!.Ids!);
                Assert.Equal(WatchSubscription.UserStateTypes, user.StateTypes!);
            },
            device =>
            {
                Assert.Equal("device", device.Type);
                Assert.Equal(["agent-1-softphone"], device.Filter!.Ids!);
                Assert.Equal(WatchSubscription.DeviceStateTypes, device.StateTypes!);
            });
    }

    [Fact]
    public void Without_devices_only_the_user_scope_is_sent()
    {
        var request = SubscriptionRequestFactory.Create(new WatchSubscription(["agent-1"], []));

        SubscriptionGuard.EnsureSafe(request);
        Assert.Equal("user", Assert.Single(request.Subscriptions).Type);
    }

    [Fact]
    public void The_global_scope_is_refused()
    {
        var request = new SubscriptionRequest([new Subscription("global", new SubscriptionFilter(["agent-1"]), UserStates)]);

        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(request));
        Assert.Contains("'global' scope", refused.Message);
        Assert.StartsWith("Subscription refused locally, nothing was sent", refused.Message);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ALL")]
    public void State_types_all_are_refused(string all)
    {
        var request = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(["agent-1"]), ["available", all])]);

        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(request));
        Assert.Contains("stateTypes 'all'", refused.Message);
    }

    [Fact]
    public void All_through_the_watch_subscription_is_refused_too()
    {
        var watch = new WatchSubscription(["agent-1"], []) { UserStates = ["all"] };

        Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(SubscriptionRequestFactory.Create(watch)));
    }

    [Fact]
    public void A_subscription_without_filter_is_refused()
    {
        var request = new SubscriptionRequest([new Subscription("device", null, ["online"])]);

        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(request));
        Assert.Contains("has no filter", refused.Message);
    }

    [Fact]
    public void An_empty_filter_is_refused()
    {
        var refused = Assert.Throws<SubscriptionRefusedException>(
            () => SubscriptionGuard.EnsureSafe(SubscriptionRequestFactory.Create(new WatchSubscription([], ["device-1"]))));
        Assert.Contains("filter has no ids", refused.Message);

        var nullIds = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(null), UserStates)]);
        Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(nullIds));
    }

    [Fact]
    public void No_subscription_at_all_is_refused()
    {
        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(new SubscriptionRequest([])));
        Assert.Contains("contains no subscription", refused.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Missing_state_types_are_refused(bool emptyRatherThanNull)
    {
        string[]? stateTypes = emptyRatherThanNull ? [] : null;
        var request = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(["agent-1"]), stateTypes)]);

        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(request));
        Assert.Contains("declares no stateTypes", refused.Message);
    }

    [Fact]
    public void Unknown_scopes_state_types_and_blank_ids_are_refused()
    {
        Assert.Contains("unknown scope", Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(
            new SubscriptionRequest([new Subscription("queue", new SubscriptionFilter(["q"]), UserStates)]))).Message);
        Assert.Contains("unknown state types (routingCalculation)", Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(
            new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(["a"]), ["routingCalculation"])]))).Message);
        Assert.Contains("blank id", Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(
            new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(["a", " "]), UserStates)]))).Message);
    }

    [Fact]
    public void What_the_schema_forbids_is_refused_with_its_location()
    {
        var request = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter([new string('x', 129)]), UserStates)]);

        var refused = Assert.Throws<SubscriptionRefusedException>(() => SubscriptionGuard.EnsureSafe(request));
        Assert.Contains("subscription schema", refused.Message);
        Assert.Contains("/subscriptions/0/filter/ids/0", refused.Message);
    }
}
