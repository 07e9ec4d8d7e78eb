namespace PresenceGrains.Benchmarks.Service;

/// <summary>The service's log events a benchmark counts, by the name of their logging method (PlatformLog).</summary>
internal static class ServiceLogEvents
{
    /// <summary>A heartbeat overdue: every agent shown Stale.</summary>
    public const string ChannelSilent = "ChannelSilent";

    /// <summary>Traffic back after a silence with heartbeats missing: every agent re-read.</summary>
    public const string ChannelResumed = "ChannelResumed";
}
