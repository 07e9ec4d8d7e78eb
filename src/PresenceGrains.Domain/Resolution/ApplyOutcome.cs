namespace PresenceGrains.Domain.Resolution;

/// <summary>What per-source last-writer-wins did with one delta.</summary>
public enum ApplyOutcome
{
    /// <summary>Newer than the cached state of its source: it replaced it.</summary>
    Applied,

    /// <summary>Older than the cached state of its source: discarded and counted.</summary>
    Stale,

    /// <summary>Same timestamp and same state as the cache: dropped.</summary>
    Duplicate,

    /// <summary>Same timestamp, different state, and higher priority: it replaced the cache (the safe side).</summary>
    TieWon,

    /// <summary>Same timestamp, different state, lower priority: the cache kept the busier state.</summary>
    TieLost,
}
