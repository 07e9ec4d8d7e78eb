namespace PresenceGrains.Grains.Streams;

/// <summary>
/// The copy of every publication that history records, on a stream provider of its own. History waits on storage
/// (two table transactions per 99 events); on the live provider its back-pressure filled the pulling agent's cache and
/// held every live subscriber behind it (70 s raise p99 at 10,000 agents on Azurite). On its own queues, a history that
/// falls behind leaves its backlog in its queue, and routing still sees changes at once. Internal to the service: a
/// silo configures this provider beside <see cref="Abstractions.PresenceStreams.Provider"/>; integrations never read it.
/// </summary>
public static class HistoryStreams
{
    /// <summary>The stream provider's name.</summary>
    public const string Provider = "presence-history";

    /// <summary>Every publication of a tenant, for its history recorder; key = tenant id.</summary>
    public const string Namespace = "presence-history";
}
