namespace PresenceGrains.Domain.Publication;

/// <summary>Counters for everything that went against the happy path (design §2 rule 6). Diagnostics, not control flow.</summary>
public sealed class PresenceAnomalies
{
    /// <summary>Deltas older than their source's cache, discarded.</summary>
    public long StaleDeltas { get; private set; }

    /// <summary>Deltas identical to their source's cache, dropped.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Deltas with the same timestamp and a different state as the cache, settled by priority.</summary>
    public long TimestampTies { get; private set; }

    /// <summary>
    /// Held changes (a lowering, or a gain of routability) that the cache took back before their window ended:
    /// an inversion never shown.
    /// </summary>
    public long InversionsHeld { get; private set; }

    /// <summary>Times the platform's own composite disagreed with ours after a delta.</summary>
    public long CompositeDisagreements { get; private set; }

    internal void CountStale() => StaleDeltas++;

    internal void CountDuplicate() => Duplicates++;

    internal void CountTie() => TimestampTies++;

    internal void CountInversionHeld() => InversionsHeld++;

    internal void CountCompositeDisagreement() => CompositeDisagreements++;

    /// <summary>Adds another agent's counters (for tenant-wide totals).</summary>
    public void Add(PresenceAnomalies other)
    {
        ArgumentNullException.ThrowIfNull(other);
        StaleDeltas += other.StaleDeltas;
        Duplicates += other.Duplicates;
        TimestampTies += other.TimestampTies;
        InversionsHeld += other.InversionsHeld;
        CompositeDisagreements += other.CompositeDisagreements;
    }

    /// <summary>Restores counters from persisted state.</summary>
    public void Restore(long stale, long duplicates, long ties, long inversions, long disagreements)
    {
        StaleDeltas = stale;
        Duplicates = duplicates;
        TimestampTies = ties;
        InversionsHeld = inversions;
        CompositeDisagreements = disagreements;
    }
}
