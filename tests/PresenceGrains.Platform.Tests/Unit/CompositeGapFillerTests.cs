using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>
/// Device changes a platform dropped in silence, taken from the composite that the agent's next delta carries: only
/// newer than what was seen, only watched devices, and never twice when the device's own delta was only late.
/// </summary>
public sealed class CompositeGapFillerTests
{
    private static readonly DateTimeOffset Subscribed = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly CompositeGapFiller _filler = new(["soft", "desk"]);

    public CompositeGapFillerTests() => _filler.Subscribed(Subscribed);

    [Fact]
    public void A_device_change_no_delta_brought_is_passed_on_from_the_next_deltas_composite_with_its_own_time()
    {
        Observe(Device("soft", "inUse", 1), [Seen("soft", "inUse", 1), Seen("desk", "online", -60)]);

        // The soft phone's change to online at +2 s was dropped; the user's delta at +3 s still shows it.
        var recovered = Observe(User("available", 3), [Seen("soft", "online", 2), Seen("desk", "online", -60)], out var passOn);

        Assert.True(passOn);
        var delta = Assert.Single(recovered);
        Assert.Equal(new PresenceDelta("agent-1", "soft", PresenceSignal.Online, Subscribed.AddSeconds(2), CompositeGapFiller.Reason), delta);
    }

    [Fact]
    public void A_composite_no_newer_than_what_was_seen_of_a_device_passes_nothing_on()
    {
        Observe(Device("soft", "inUse", 2), [Seen("soft", "inUse", 2)]);

        Assert.Empty(Observe(User("onCall", 3), [Seen("soft", "inUse", 2)], out _));
        Assert.Empty(Observe(User("onCall", 4), [Seen("soft", "online", 1)], out _));
        Assert.Empty(Observe(User("onCall", 5), [Seen("soft", "online", 2)], out _));
    }

    [Fact]
    public void A_device_not_seen_since_the_subscription_is_passed_on_only_for_a_change_after_it()
    {
        // Before the subscription, the connect's snapshot says the same; it is only remembered.
        Assert.Empty(Observe(User("available", 1), [Seen("desk", "online", -5)], out _));
        Assert.Empty(Observe(User("available", 2), [Seen("desk", "online", -5)], out _));

        // The desk phone, remembered, changed since; the soft phone, never seen, changed after the subscription.
        var recovered = Observe(User("available", 4), [Seen("desk", "inUse", 3), Seen("soft", "ringing", 2)], out _);

        Assert.Equal([("desk", PresenceSignal.InUse), ("soft", PresenceSignal.Ringing)], recovered.Select(d => (d.DeviceId, d.Signal)));
    }

    [Fact]
    public void A_devices_own_delta_that_comes_after_its_copy_is_dropped_once_and_a_newer_one_goes_through()
    {
        Observe(User("available", 3), [Seen("soft", "ringing", 2)]);

        Assert.Empty(Observe(Device("soft", "ringing", 2), [Seen("soft", "ringing", 2)], out var late));
        Assert.False(late);

        // A second copy is the grains' duplicate to drop, as any repeated delta; a newer state is news.
        Observe(Device("soft", "ringing", 2), [], out var again);
        Observe(Device("soft", "inUse", 4), [], out var newer);
        Assert.True(again && newer);
    }

    [Fact]
    public void A_delta_older_than_what_was_seen_passes_on_for_the_agent_to_discard_and_moves_nothing_back()
    {
        Observe(Device("soft", "inUse", 4), []);

        Observe(Device("soft", "online", 2), [], out var stale);
        var recovered = Observe(User("onCall", 5), [Seen("soft", "inUse", 4)], out _);

        Assert.True(stale);
        Assert.Empty(recovered);
    }

    [Fact]
    public void Devices_the_tenant_does_not_watch_and_the_deltas_own_device_are_never_passed_on_from_a_composite()
    {
        var recovered = Observe(Device("soft", "inUse", 3), [Seen("soft", "online", 2), Seen("mobile", "inUse", 3)], out var passOn);

        Assert.True(passOn);
        Assert.Empty(recovered);
    }

    [Fact]
    public void A_state_the_composite_names_that_is_no_signal_is_skipped()
    {
        Assert.Empty(Observe(User("available", 3), [Seen("desk", "dancing", 2)], out _));
    }

    private IReadOnlyList<PresenceDelta> Observe(PresenceDelta delta, IReadOnlyList<CompositeDeviceState> composite) =>
        Observe(delta, composite, out _);

    private IReadOnlyList<PresenceDelta> Observe(PresenceDelta delta, IReadOnlyList<CompositeDeviceState> composite, out bool passOn) =>
        _filler.Observe(delta, composite, out passOn);

    private static PresenceDelta User(string state, double seconds) =>
        new("agent-1", null, SignalClaims.Parse(state)!.Value, Subscribed.AddSeconds(seconds));

    private static PresenceDelta Device(string id, string state, double seconds) =>
        new("agent-1", id, SignalClaims.Parse(state)!.Value, Subscribed.AddSeconds(seconds));

    private static CompositeDeviceState Seen(string id, string state, double seconds) => new(id, state, Subscribed.AddSeconds(seconds));
}
