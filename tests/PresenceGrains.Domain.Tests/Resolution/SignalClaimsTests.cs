namespace PresenceGrains.Domain.Tests.Resolution;

public sealed class SignalClaimsTests
{
    [Theory]
    [InlineData(PresenceSignal.OnCall, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.InUse, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.Ringing, PresenceLevel.OnCall)]
    [InlineData(PresenceSignal.WrapUp, PresenceLevel.WrapUp)]
    [InlineData(PresenceSignal.NotReady, PresenceLevel.NotReady)]
    [InlineData(PresenceSignal.Available, PresenceLevel.Available)]
    [InlineData(PresenceSignal.Online, PresenceLevel.Available)]
    [InlineData(PresenceSignal.Offline, PresenceLevel.Offline)]
    public void Every_signal_claims_its_level(PresenceSignal signal, PresenceLevel expected) =>
        Assert.Equal(expected, SignalClaims.Claim(signal));

    [Fact]
    public void Levels_ascend_in_routing_priority()
    {
        PresenceLevel[] lowestToHighest =
            [PresenceLevel.Offline, PresenceLevel.Available, PresenceLevel.NotReady, PresenceLevel.WrapUp, PresenceLevel.OnCall];

        Assert.Equal(lowestToHighest, Enum.GetValues<PresenceLevel>().Order());
        Assert.Equal(lowestToHighest.Length, Enum.GetValues<PresenceLevel>().Length);
    }

    [Fact]
    public void Signal_order_never_contradicts_claim_priority()
    {
        // The timestamp-tie rule compares signals directly, which is only "higher priority wins" if this holds.
        var signals = Enum.GetValues<PresenceSignal>().Order().ToArray();
        for (var i = 1; i < signals.Length; i++)
        {
            Assert.True(
                SignalClaims.Claim(signals[i - 1]) <= SignalClaims.Claim(signals[i]),
                $"{signals[i - 1]} sorts below {signals[i]} but claims more");
        }
    }

    [Theory]
    [InlineData(PresenceLevel.Offline, false)]
    [InlineData(PresenceLevel.Available, false)]
    [InlineData(PresenceLevel.NotReady, true)]
    [InlineData(PresenceLevel.WrapUp, true)]
    [InlineData(PresenceLevel.OnCall, true)]
    public void Only_busy_levels_are_engagement(PresenceLevel level, bool engagement) =>
        Assert.Equal(engagement, SignalClaims.IsEngagement(level));

    [Fact]
    public void Every_signal_but_offline_is_reachable()
    {
        foreach (var signal in Enum.GetValues<PresenceSignal>())
        {
            Assert.Equal(signal != PresenceSignal.Offline, SignalClaims.IsReachable(signal));
        }
    }

    [Theory]
    [InlineData("offline", PresenceSignal.Offline)]
    [InlineData("online", PresenceSignal.Online)]
    [InlineData("available", PresenceSignal.Available)]
    [InlineData("notReady", PresenceSignal.NotReady)]
    [InlineData("wrapUp", PresenceSignal.WrapUp)]
    [InlineData("ringing", PresenceSignal.Ringing)]
    [InlineData("inUse", PresenceSignal.InUse)]
    [InlineData("onCall", PresenceSignal.OnCall)]
    public void Wire_spelling_parses_and_prints_back(string wire, PresenceSignal signal)
    {
        Assert.Equal(signal, SignalClaims.Parse(wire));
        Assert.Equal(wire, SignalClaims.ToWire(signal));
    }

    [Fact]
    public void Every_signal_survives_a_wire_round_trip()
    {
        foreach (var signal in Enum.GetValues<PresenceSignal>())
        {
            Assert.Equal(signal, SignalClaims.Parse(SignalClaims.ToWire(signal)));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("OnCall")]
    [InlineData("on_call")]
    [InlineData("all")]
    [InlineData("busy")]
    public void Unknown_wire_spellings_parse_to_null(string? wire) => Assert.Null(SignalClaims.Parse(wire));

    [Fact]
    public void Undefined_signals_are_refused()
    {
        const PresenceSignal undefined = (PresenceSignal)99;

        Assert.Throws<ArgumentOutOfRangeException>(() => SignalClaims.Claim(undefined));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignalClaims.ToWire(undefined));
    }
}
