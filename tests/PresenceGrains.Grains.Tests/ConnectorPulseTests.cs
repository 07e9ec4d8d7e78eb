using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Connector;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A silo that has lost its tenant's connector (its silo killed: nobody will tell the agents) must stop showing Fresh
/// agents as routable at once, and keep doing so until the new connector's channel is connected; a connector that answers
/// on time changes nothing, whatever its channel is doing.
/// </summary>
public sealed class ConnectorPulseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly ConnectorPulse _pulse;

    public ConnectorPulseTests() => _pulse = new ConnectorPulse(_time);

    [Fact]
    public void A_tenant_never_checked_is_trusted()
    {
        var agent = Fresh("t1");
        Assert.False(_pulse.IsLost("t1"));
        Assert.Same(agent, _pulse.Over(agent));
    }

    [Theory]
    [InlineData(ChannelConnection.Connected)]
    [InlineData(ChannelConnection.Stale)]
    [InlineData(ChannelConnection.Reconnecting)]
    [InlineData(ChannelConnection.Stopped)]
    public void A_connector_answering_within_its_lease_changes_nothing(ChannelConnection connection)
    {
        _pulse.Renew("t1", connection, "silo-a", Lease);
        _time.Advance(Lease);
        var agent = Fresh("t1");
        Assert.False(_pulse.IsLost("t1"));
        Assert.Same(agent, _pulse.Over(agent));
        _pulse.Renew("t1", connection, "silo-a", Lease);
        Assert.Equal(0, _pulse.Recoveries("t1"));
    }

    [Fact]
    public void A_connector_silent_past_its_lease_makes_fresh_agents_reconnecting_and_not_routable()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _time.Advance(Lease + TimeSpan.FromMilliseconds(1));

        var agent = Fresh("t1");
        var shown = _pulse.Over(agent);
        Assert.True(_pulse.IsLost("t1"));
        Assert.Equal(agent with { Freshness = Freshness.Reconnecting, Routable = false }, shown);
    }

    [Fact]
    public void A_failed_call_is_a_loss_at_once_and_only_for_its_tenant()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _pulse.Renew("t2", ChannelConnection.Connected, "silo-a", Lease);
        _pulse.Lapse("t1");

        Assert.True(_pulse.IsLost("t1"));
        Assert.False(_pulse.Over(Fresh("t1")).Routable);
        Assert.False(_pulse.IsLost("t2"));
        Assert.True(_pulse.Over(Fresh("t2")).Routable);
    }

    [Fact]
    public void After_a_loss_only_a_connected_channel_restores_trust()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _pulse.Lapse("t1");

        // The new connector answers while it re-reads every agent: those it has not reached still hold the old channel's word.
        _pulse.Renew("t1", ChannelConnection.Connecting, "silo-a", Lease);
        Assert.True(_pulse.IsLost("t1"));
        _pulse.Renew("t1", ChannelConnection.Reconnecting, "silo-a", Lease);
        Assert.True(_pulse.IsLost("t1"));

        Assert.Equal(0, _pulse.Recoveries("t1"));

        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        Assert.False(_pulse.IsLost("t1"));
        Assert.True(_pulse.Over(Fresh("t1")).Routable);

        // Counted once, so that a reader keeping publications reads every agent again once, not at every answer.
        Assert.Equal(1, _pulse.Recoveries("t1"));
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        Assert.Equal(1, _pulse.Recoveries("t1"));
    }

    [Fact]
    public void A_channel_its_connector_closed_is_a_loss_at_once_until_a_connected_answer()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _pulse.Interrupt("t1");
        Assert.True(_pulse.IsLost("t1"));
        Assert.False(_pulse.Over(Fresh("t1")).Routable);

        TrustedOnlyOnceConnected("silo-b");
        Assert.Equal(1, _pulse.Recoveries("t1"));
    }

    [Fact]
    public void A_closed_channel_changes_nothing_where_no_check_keeps_the_pulse()
    {
        // One process: no watchdog would ever answer Connected, and the list would show nobody routable for good.
        _pulse.Interrupt("t1");
        Assert.False(_pulse.IsLost("t1"));
        Assert.True(_pulse.Over(Fresh("t1")).Routable);
    }

    [Fact]
    public void A_silence_past_the_lease_also_waits_for_a_connected_channel()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _time.Advance(Lease * 3);
        TrustedOnlyOnceConnected("silo-a");
    }

    [Fact]
    public void A_connector_answering_from_another_silo_has_moved_and_is_trusted_again_once_connected()
    {
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        _pulse.Renew("t1", ChannelConnection.Connected, "silo-a", Lease);
        Assert.False(_pulse.IsLost("t1"));

        // A graceful move (SIGTERM): answered on time throughout, but by a new connector whose Reconnecting is on its way.
        _pulse.Renew("t1", ChannelConnection.Connecting, "silo-b", Lease);
        Assert.True(_pulse.IsLost("t1"));
        Assert.False(_pulse.Over(Fresh("t1")).Routable);
        _pulse.Renew("t1", ChannelConnection.Reconnecting, "silo-b", Lease);
        Assert.True(_pulse.IsLost("t1"));

        _pulse.Renew("t1", ChannelConnection.Connected, "silo-b", Lease);
        Assert.False(_pulse.IsLost("t1"));
    }

    [Theory]
    [InlineData(Freshness.Stale)]
    [InlineData(Freshness.Reconnecting)]
    public void An_agent_already_not_fresh_is_shown_as_it_is(Freshness freshness)
    {
        _pulse.Lapse("t1");
        var agent = Fresh("t1") with { Freshness = freshness, Routable = false };
        Assert.Same(agent, _pulse.Over(agent));
    }

    /// <summary>A connector's answers after a loss: still lost while it says Connecting, trusted once it says Connected.</summary>
    private void TrustedOnlyOnceConnected(string silo)
    {
        _pulse.Renew("t1", ChannelConnection.Connecting, silo, Lease);
        Assert.True(_pulse.IsLost("t1"));
        _pulse.Renew("t1", ChannelConnection.Connected, silo, Lease);
        Assert.False(_pulse.IsLost("t1"));
    }

    private static AgentPresence Fresh(string tenant) => new(
        tenant, "agent-1", AgentState.Available, Routable: true, Freshness.Fresh,
        new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero),
        ChangeCause.Delta, Sequence: 7, Devices: []);
}
