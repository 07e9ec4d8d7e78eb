using PresenceGrains.Abstractions;

namespace PresenceGrains.Client;

/// <summary>One item of a tenant's change feed: a published change, or word that changes may have been missed.</summary>
/// <param name="Kind">A change, or a gap after which the reader should re-read what it keeps.</param>
/// <param name="Presence">The published presence for <see cref="PresenceChangeKind.Changed"/>; null for a gap.</param>
/// <param name="ReceivedAt">When this process received it (its <see cref="TimeProvider"/>).</param>
public sealed record PresenceChange(PresenceChangeKind Kind, AgentPresence? Presence, DateTimeOffset ReceivedAt);

/// <summary>What a <see cref="PresenceChange"/> carries.</summary>
public enum PresenceChangeKind
{
    /// <summary>A published change of one agent; per agent, in <see cref="AgentPresence.Sequence"/> order.</summary>
    Changed = 0,

    /// <summary>
    /// The connection to the cluster was lost and the feed subscribed again: changes published meanwhile were not
    /// delivered. Re-read what you keep (for example <see cref="IPresenceClient.ListRoutableAsync"/>).
    /// </summary>
    Resubscribed = 1,

    /// <summary>The reader fell more than the feed's capacity behind and changes were dropped. Re-read what you keep.</summary>
    Overflowed = 2,
}
