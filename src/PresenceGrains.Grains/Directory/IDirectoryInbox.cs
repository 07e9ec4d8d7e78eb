using Orleans.Concurrency;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Directory;

/// <summary>Notices to a tenant's directory from the connector and the silos' publishers, one-way. Key: tenant id.</summary>
[Alias("PresenceGrains.IDirectoryInbox")]
public interface IDirectoryInbox : IGrainWithStringKey
{
    /// <summary>The watched set changed: agents no longer watched leave the list, new ones join it.</summary>
    [OneWay, AlwaysInterleave, Alias("WatchChangedAsync")]
    Task WatchChangedAsync();

    /// <summary>
    /// Calls to these agents failed (their silo is dead or dying): until they publish again, the list shows them
    /// Reconnecting and not routable rather than the last thing they published.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("UnreachableAsync")]
    Task UnreachableAsync(IReadOnlyList<string> agentIds);

    /// <summary>
    /// The latest publications of agents, as they answered the connector's calls: listed at once by the same per-agent
    /// sequence as the stream's (which may bring them seconds later, or never when their queue was lost with its silo).
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("AnsweredAsync")]
    Task AnsweredAsync(IReadOnlyList<AgentPresence> answered);

    /// <summary>
    /// The connector's channel closed (the connector moves to another silo, or stops): the list shows no agent routable
    /// until the connector answers this silo's check with a connected channel, rather than from that check on, up to a
    /// period and a call later.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("ChannelClosedAsync")]
    Task ChannelClosedAsync();

    /// <summary>
    /// Publications the tenant stream's queue did not take (refused as unreachable, unanswered past a quiet time, or made
    /// while it was so): they wait on the publishing silo until the queue's silo is declared dead and the queue moves
    /// (seconds), and the list takes them now instead.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("StreamRefusedAsync")]
    Task StreamRefusedAsync(IReadOnlyList<AgentPresence> publications);
}
