namespace PresenceGrains.Domain.Tests.Resolution;

/// <summary>
/// Whether a snapshot changed the source cache: the agent grain stores its state only then, since the background re-read
/// confirms every agent once a minute.
/// </summary>
public sealed class SnapshotChangeTests
{
    private static AgentSnapshot Reading(SnapshotSource? user, params SnapshotDevice[] devices) => new("agent", user, devices, Clock.At(1_000));

    private static PresenceSources Cached()
    {
        var sources = new PresenceSources();
        sources.Replace(Reading(new SnapshotSource(PresenceSignal.Available, Clock.At(100)), new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100))));
        return sources;
    }

    [Fact]
    public void A_snapshot_of_what_is_cached_changes_nothing()
    {
        var sources = Cached();

        Assert.False(sources.Replace(Reading(new SnapshotSource(PresenceSignal.Available, Clock.At(100)), new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100)))));
    }

    [Fact]
    public void An_older_reading_than_the_cache_changes_nothing()
    {
        var sources = Cached();

        Assert.False(sources.Replace(Reading(new SnapshotSource(PresenceSignal.NotReady, Clock.At(50)), new SnapshotDevice("a", PresenceSignal.Offline, Clock.At(50)))));
        Assert.Equal(PresenceSignal.Available, sources.User?.Signal);
    }

    [Fact]
    public void A_snapshot_without_a_user_level_leaves_the_cached_one_and_changes_nothing()
    {
        var sources = Cached();

        Assert.False(sources.Replace(Reading(null, new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100)))));
    }

    [Theory]
    [InlineData("user state")]
    [InlineData("user stamp")]
    [InlineData("device state")]
    [InlineData("device stamp")]
    [InlineData("device added")]
    [InlineData("device gone")]
    public void Any_difference_is_a_change(string difference)
    {
        var sources = Cached();
        var user = new SnapshotSource(PresenceSignal.Available, Clock.At(100));
        var device = new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100));
        var reading = difference switch
        {
            "user state" => Reading(user with { Signal = PresenceSignal.NotReady }, device),
            "user stamp" => Reading(user with { LastUpdated = Clock.At(200) }, device),
            "device state" => Reading(user, device with { Signal = PresenceSignal.InUse }),
            "device stamp" => Reading(user, device with { LastUpdated = Clock.At(200) }),
            "device added" => Reading(user, device, new SnapshotDevice("b", PresenceSignal.Online, Clock.At(100))),
            _ => Reading(user),
        };

        Assert.True(sources.Replace(reading));
    }

    [Fact]
    public void A_decayed_device_confirmed_as_it_was_is_a_change()
    {
        var sources = Cached();
        sources.DecayDevice("a");

        Assert.True(sources.Replace(Reading(new SnapshotSource(PresenceSignal.Available, Clock.At(100)), new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100)))));
        Assert.False(sources.Devices["a"].Decayed);
    }

    [Fact]
    public void The_machine_step_says_whether_the_sources_changed()
    {
        var machine = new AgentPresenceMachine();
        var reading = Reading(new SnapshotSource(PresenceSignal.Available, Clock.At(100)), new SnapshotDevice("a", PresenceSignal.Online, Clock.At(100)));

        Assert.True(machine.ApplySnapshot(reading, Clock.At(1_000)).SourcesChanged);
        Assert.False(machine.ApplySnapshot(reading with { TakenAt = Clock.At(61_000) }, Clock.At(61_000)).SourcesChanged);
    }
}
