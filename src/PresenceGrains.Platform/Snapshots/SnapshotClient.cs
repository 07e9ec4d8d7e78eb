using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.Snapshots;

/// <summary>
/// Authoritative REST snapshots (seed §4): the bulk form in batches of at most 50 ids, paced and retried by
/// <see cref="PlatformRestClient"/>, and the single-user form.
/// </summary>
internal sealed class SnapshotClient(
    PlatformRestClient rest, PlatformEndpoints endpoints, PlatformOptions options, TimeProvider time, ILogger logger, UndeclaredPropertyLog? undeclared = null)
{
    private const int MaxIdLength = 128;

    public async Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        foreach (var id in agentIds)
        {
            EnsureValidId(id, nameof(agentIds));
        }

        var batches = agentIds.Distinct(StringComparer.Ordinal).Chunk(options.SnapshotBatchSize).ToArray();
        var answers = new (List<AgentSnapshot> Found, List<string> Missing)[batches.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batches.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.SnapshotConcurrency, CancellationToken = cancellationToken },
            async (index, token) => answers[index] = await GetBatchAsync(batches[index], token).ConfigureAwait(false)).ConfigureAwait(false);

        return new SnapshotResult(answers.SelectMany(a => a.Found).ToList(), answers.SelectMany(a => a.Missing).ToList());
    }

    public async Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken)
    {
        EnsureValidId(agentId, nameof(agentId));
        const string operation = "Snapshot of one agent";
        var body = await rest.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, endpoints.User(agentId)), true, cancellationToken)
            .ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        var user = ValidatedJson.Read(body, SchemaKind.UserSnapshot, ProtocolJsonContext.Default.UserSnapshot, operation, undeclared);
        return user.UserId == agentId
            ? SnapshotMapper.ToDomain(user, time.GetUtcNow())
            : throw new PlatformRequestException($"{operation}: asked for '{agentId}', the platform answered for '{user.UserId}'.");
    }

    private async Task<(List<AgentSnapshot> Found, List<string> Missing)> GetBatchAsync(string[] ids, CancellationToken cancellationToken)
    {
        const string operation = "Bulk snapshot";
        var body = await rest.SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, endpoints.Users(ids)), false, cancellationToken)
            .ConfigureAwait(false);
        var bulk = ValidatedJson.Read(body!, SchemaKind.BulkSnapshot, ProtocolJsonContext.Default.BulkSnapshot, operation, undeclared);
        var takenAt = time.GetUtcNow();

        var asked = ids.ToHashSet(StringComparer.Ordinal);
        var found = bulk.Users.Where(u => asked.Contains(u.UserId)).Select(u => SnapshotMapper.ToDomain(u, takenAt)).ToList();
        var answered = found.Select(s => s.AgentId).Concat(bulk.NotFound).ToHashSet(StringComparer.Ordinal);

        // An id the platform neither returned nor declared unknown is reported as not found, so no agent goes missing
        // without the caller hearing of it.
        var missing = bulk.NotFound.Where(asked.Contains).Concat(ids.Where(id => !answered.Contains(id))).Distinct(StringComparer.Ordinal).ToList();
        var unanswered = ids.Count(id => !answered.Contains(id));
        if (unanswered > 0)
        {
            PlatformLog.SnapshotIdsUnanswered(logger, options.TenantId, unanswered, ids.Length);
        }

        return (found, missing);
    }

    private static void EnsureValidId(string? id, string parameter)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            throw new ArgumentException($"Agent ids must be non-blank and at most {MaxIdLength} characters.", parameter);
        }
    }
}
