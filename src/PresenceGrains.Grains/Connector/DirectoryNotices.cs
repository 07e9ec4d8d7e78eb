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
    /// The sequence each agent answered with: a publication its stream does not bring in time is read from the agent (it
    /// may have died in a stream queue on a lost silo).
    /// </summary>
    public void Published(IReadOnlyList<PublishedSequence> published)
    {
        if (published.Count > 0)
        {
            grains.GetGrain<IDirectoryInbox>(tenantId).PublishedAsync(published).Ignore();
        }
    }
}
