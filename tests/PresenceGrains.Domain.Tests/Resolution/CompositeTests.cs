using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Resolution;

/// <summary>Design §2 rule 2: the user level, raised only by device engagement claims.</summary>
public sealed class CompositeTests
{
    [Fact]
    public void Nothing_known_is_offline() => Assert.Equal(PresenceLevel.Offline, new PresenceSources().Composite);

    [Theory]
    [InlineData(PresenceSignal.Available, PresenceSignal.OnCall, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.Available, PresenceSignal.InUse, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.Available, PresenceSignal.Ringing, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.Available, PresenceSignal.WrapUp, PresenceLevel.WrapUp)]
    [InlineData(PresenceSignal.Available, PresenceSignal.NotReady, PresenceLevel.NotReady)]
    [InlineData(PresenceSignal.Offline, PresenceSignal.InUse, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.NotReady, PresenceSignal.WrapUp, PresenceLevel.WrapUp)]
    public void A_device_engagement_claim_raises_the_user_level(PresenceSignal user, PresenceSignal device, PresenceLevel expected) =>
        Assert.Equal(expected, CompositeOf(user, device));

    [Theory]
    [InlineData(PresenceSignal.Offline, PresenceSignal.Online, PresenceLevel.Offline)]
    [InlineData(PresenceSignal.Offline, PresenceSignal.Available, PresenceLevel.Offline)]
    [InlineData(PresenceSignal.Available, PresenceSignal.Offline, PresenceLevel.Available)]
    [InlineData(PresenceSignal.NotReady, PresenceSignal.Online, PresenceLevel.NotReady)]
    [InlineData(PresenceSignal.OnCall, PresenceSignal.NotReady, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.WrapUp, PresenceSignal.Offline, PresenceLevel.WrapUp)]
    public void A_device_never_lowers_the_user_level_nor_raises_it_with_a_non_engagement_claim(
        PresenceSignal user, PresenceSignal device, PresenceLevel expected) =>
        Assert.Equal(expected, CompositeOf(user, device));

    [Fact]
    public void A_ghost_device_left_online_does_not_make_a_logged_out_agent_available()
    {
        var sources = new PresenceSources();
        sources.Apply(Device("desk-phone", PresenceSignal.Online, 100));
        sources.Apply(Device("softphone", PresenceSignal.Available, 110));
        sources.Apply(User(PresenceSignal.Offline, 200));

        Assert.Equal(PresenceLevel.Offline, sources.Composite);
    }

    [Theory]
    [InlineData(new[] { PresenceSignal.Online }, PresenceLevel.Available)]
    [InlineData(new[] { PresenceSignal.Offline }, PresenceLevel.Offline)]
    [InlineData(new[] { PresenceSignal.Offline, PresenceSignal.Online }, PresenceLevel.Available)]
    [InlineData(new[] { PresenceSignal.Online, PresenceSignal.Ringing, PresenceSignal.Offline }, PresenceLevel.OnCall)]
    [InlineData(new[] { PresenceSignal.NotReady, PresenceSignal.WrapUp }, PresenceLevel.WrapUp)]
    public void Without_a_user_level_the_highest_device_claim_wins(PresenceSignal[] devices, PresenceLevel expected)
    {
        var sources = new PresenceSources();
        for (var i = 0; i < devices.Length; i++)
        {
            sources.Apply(Device($"device-{i}", devices[i], 100));
        }

        Assert.Equal(expected, sources.Composite);
    }

    [Fact]
    public void The_highest_of_several_engagement_claims_wins()
    {
        var sources = new PresenceSources();
        sources.Apply(User(PresenceSignal.Available, 100));
        sources.Apply(Device("a", PresenceSignal.NotReady, 100));
        sources.Apply(Device("b", PresenceSignal.InUse, 100));
        sources.Apply(Device("c", PresenceSignal.WrapUp, 100));

        Assert.Equal(PresenceLevel.OnCall, sources.Composite);
    }

    [Fact]
    public void Reachable_when_no_device_is_known_or_any_device_is_not_offline()
    {
        var sources = new PresenceSources();
        sources.Apply(User(PresenceSignal.Available, 100));
        Assert.True(sources.Reachable);

        sources.Apply(Device("a", PresenceSignal.Offline, 100));
        Assert.False(sources.Reachable);

        sources.Apply(Device("b", PresenceSignal.Online, 100));
        Assert.True(sources.Reachable);

        sources.Apply(Device("b", PresenceSignal.Offline, 200));
        Assert.False(sources.Reachable);
    }

    private static PresenceLevel CompositeOf(PresenceSignal user, PresenceSignal device)
    {
        var sources = new PresenceSources();
        sources.Apply(User(user, 100));
        sources.Apply(Device("a", device, 100));
        return sources.Composite;
    }
}
