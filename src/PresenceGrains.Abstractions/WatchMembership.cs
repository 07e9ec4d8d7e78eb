namespace PresenceGrains.Abstractions;

/// <summary>What a tenant's watched set says of one agent.</summary>
public enum WatchMembership
{
    /// <summary>The agent is watched: its presence is followed and published.</summary>
    Watched = 0,

    /// <summary>The tenant watches agents, but not this one (the HTTP API's 404 "Unknown agent").</summary>
    NotWatched = 1,

    /// <summary>The tenant watches no agent at all: no platform channel follows it.</summary>
    TenantWatchesNothing = 2,
}
