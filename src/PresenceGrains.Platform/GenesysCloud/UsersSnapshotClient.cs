using System.Text.Json;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Rest;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// Snapshots from <c>GET /api/v2/users?id=…&amp;expand=presence,routingStatus,conversationSummary,station</c>: every part
/// the mapping needs in one request per <c>UsersPerRequest</c> users, paced and retried by the REST client, a few in
/// flight at once. An id the answer leaves out is reported as not found.
/// </summary>
internal sealed class UsersSnapshotClient(PlatformRestClient rest, GenesysEndpoints endpoints, GenesysCloudOptions options, ArrivalStamps stamps, TimeProvider time)
{
    private const int MaxIdLength = 128;

    public async Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        if (agentIds.FirstOrDefault(id => string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Contains(',')) is { } bad)
        {
            throw new ArgumentException($"Agent ids must be non-blank, without commas and at most {MaxIdLength} characters; '{bad}' is not.", nameof(agentIds));
        }

        var batches = agentIds.Distinct(StringComparer.Ordinal).Chunk(options.UsersPerRequest).ToArray();
        var answers = new (List<AgentSnapshot> Found, List<string> Missing)[batches.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batches.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.Common.SnapshotConcurrency, CancellationToken = cancellationToken },
            async (index, token) => answers[index] = await GetBatchAsync(batches[index], token).ConfigureAwait(false)).ConfigureAwait(false);
        return new SnapshotResult(answers.SelectMany(a => a.Found).ToList(), answers.SelectMany(a => a.Missing).ToList());
    }

    public async Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken)
    {
        var result = await GetSnapshotsAsync([agentId], cancellationToken).ConfigureAwait(false);
        return result.Snapshots.SingleOrDefault();
    }

    private async Task<(List<AgentSnapshot> Found, List<string> Missing)> GetBatchAsync(string[] ids, CancellationToken cancellationToken)
    {
        const string operation = "Users snapshot";

        // Stamped before the request leaves: a timestamp-less change that arrives while it is out is newer than it.
        var readAt = stamps.Next(time.GetUtcNow());
        var body = await rest.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, endpoints.Users(ids)), false, cancellationToken)
            .ConfigureAwait(false);
        var asked = ids.ToHashSet(StringComparer.Ordinal);
        var found = new List<AgentSnapshot>(ids.Length);
        foreach (var reading in UsersAnswer.Read(body!, readAt, operation))
        {
            if (asked.Remove(reading.AgentId))
            {
                found.Add(reading.ToSnapshot());
            }
        }

        return (found, asked.ToList());
    }
}
