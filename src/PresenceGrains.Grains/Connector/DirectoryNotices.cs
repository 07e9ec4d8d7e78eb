using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Directory;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// What a channel tells its tenant's directory, one-way: the directory never waits on the connector, nor the connector on
/// the directory (design §6: no call cycles).
/// </summary>
internal sealed class DirectoryNotices(string tenantId, IGrainFactory grains)
{
    /// <summary>
    /// These agents could not be reached: until a re-read reaches them, what they last published may be what a lost silo
    /// heard, or predate what an outstanding call carries, not the truth.
    /// </summary>
    public void Unreachable(IReadOnlyCollection<string> agentIds) =>
        grains.GetGrain<IDirectoryInbox>(tenantId).UnreachableAsync([.. agentIds]).Ignore();

    /// <summary>
    /// The latest publication each agent answered with: the directory lists it without waiting for the tenant stream,
    /// which may be seconds behind or have lost it with a queue on a stopping or dead silo.
    /// </summary>
    public void Published(IReadOnlyList<AgentPresence> published)
    {
        if (published.Count > 0)
        {
            grains.GetGrain<IDirectoryInbox>(tenantId).AnsweredAsync(published).Ignore();
        }
    }
}
