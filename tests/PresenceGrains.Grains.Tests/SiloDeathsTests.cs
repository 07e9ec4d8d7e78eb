using System.Collections.Immutable;
using System.Net;
using PresenceGrains.Grains.Directory;

namespace PresenceGrains.Grains.Tests;

/// <summary>The directory's look at the membership: a refill once per newly declared death, none for anything else.</summary>
public sealed class SiloDeathsTests
{
    private readonly FakeMembership _membership = new();

    [Fact]
    public void A_death_declared_after_the_first_look_is_news_once()
    {
        _membership.Set((1, SiloStatus.Active), (2, SiloStatus.Active), (3, SiloStatus.Active));
        var deaths = new SiloDeaths(_membership);
        Assert.False(deaths.SinceLastLook());

        _membership.Set((1, SiloStatus.Dead), (2, SiloStatus.Active), (3, SiloStatus.Active));
        Assert.True(deaths.SinceLastLook());
        Assert.False(deaths.SinceLastLook());
    }

    [Fact]
    public void Deaths_before_the_directory_started_joins_stops_and_cleaned_out_entries_are_not_news()
    {
        _membership.Set((1, SiloStatus.Dead), (2, SiloStatus.Active));
        var deaths = new SiloDeaths(_membership);
        Assert.False(deaths.SinceLastLook());

        _membership.Set((1, SiloStatus.Dead), (2, SiloStatus.Active), (4, SiloStatus.Joining), (5, SiloStatus.ShuttingDown));
        Assert.False(deaths.SinceLastLook());

        // The dead entry is cleaned out of the table; a later death is news again.
        _membership.Set((2, SiloStatus.Active), (4, SiloStatus.Active));
        Assert.False(deaths.SinceLastLook());
        _membership.Set((2, SiloStatus.Active), (4, SiloStatus.Dead));
        Assert.True(deaths.SinceLastLook());
    }

    private sealed class FakeMembership : IClusterMembershipService
    {
        private long _version;

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } =
            new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, MembershipVersion.MinValue);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public void Set(params (int Port, SiloStatus Status)[] silos)
        {
            var members = silos.ToImmutableDictionary(
                s => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11_110 + s.Port), 1),
                s => new ClusterMember(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11_110 + s.Port), 1), s.Status, $"silo-{s.Port}"));
            CurrentSnapshot = new ClusterMembershipSnapshot(members, new MembershipVersion(++_version));
        }

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
