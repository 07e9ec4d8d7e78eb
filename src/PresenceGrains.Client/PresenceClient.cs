using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Client;

/// <summary>The <see cref="IPresenceClient"/> over an Orleans cluster client: grain keys, the watched check, the feed.</summary>
internal sealed class PresenceClient : IPresenceClient
{
    private const int ParallelChecks = 256;

    private readonly IClusterClient _cluster;
    private readonly ClusterConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger<PresenceClient> _logger;
    private readonly PresenceClientOptions _options;
    private readonly KnownAgents _known;
    private readonly ClusterCalls _calls;

    public PresenceClient(
        IClusterClient cluster, ClusterConnection connection, TimeProvider time, IOptions<PresenceClientOptions> options, ILogger<PresenceClient> logger)
    {
        _cluster = cluster;
        _connection = connection;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _known = new KnownAgents(cluster, time, _options.KnownAgentTtl);
        _calls = new ClusterCalls(ClusterTarget.Describe(_options));
    }

    public Task<bool> IsRoutableAsync(string tenantId, string agentId, CancellationToken cancellationToken = default) =>
        AskAgentAsync(tenantId, agentId, agent => agent.IsRoutableAsync(), cancellationToken);

    public Task<AgentPresence> GetAsync(string tenantId, string agentId, CancellationToken cancellationToken = default) =>
        AskAgentAsync(tenantId, agentId, agent => agent.GetAsync(), cancellationToken);

    public Task<IReadOnlyList<AgentPresence>> ListRoutableAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ListAsync(tenantId, new AgentFilter(Routable: true), cancellationToken);

    public Task<IReadOnlyList<AgentPresence>> ListAsync(string tenantId, AgentFilter filter, CancellationToken cancellationToken = default)
    {
        PresenceKeys.ValidateTenant(tenantId);
        ArgumentNullException.ThrowIfNull(filter);
        return _calls.RunAsync(async () =>
        {
            await _known.EnsureTenantAsync(tenantId);
            return await _cluster.GetGrain<ITenantPresenceGrain>(tenantId).ListAsync(filter);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<PresenceChange> WatchAsync(
        string tenantId, IEnumerable<string>? agentIds = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        PresenceKeys.ValidateTenant(tenantId);
        var agents = agentIds?.ToArray();
        await _calls.RunAsync(async () =>
        {
            await _known.EnsureTenantAsync(tenantId);
            foreach (var chunk in (agents ?? []).Chunk(ParallelChecks))
            {
                await Task.WhenAll(chunk.Select(a => _known.EnsureWatchedAsync(tenantId, a)));
            }

            return true;
        }, cancellationToken);

        await using var feed = new PresenceFeed(_cluster, _connection, _time, _logger, tenantId, agents, _options);
        await _calls.RunAsync(async () =>
        {
            await feed.StartAsync();
            return true;
        }, cancellationToken);

        var reader = feed.Changes;
        while (true)
        {
            while (reader.TryRead(out var change))
            {
                yield return change;
            }

            if (feed.FlushPendingGap())
            {
                continue;
            }

            if (!await reader.WaitToReadAsync(cancellationToken))
            {
                yield break;
            }
        }
    }

    /// <summary>Refuses an agent the tenant does not watch before its grain is activated, then asks the grain.</summary>
    private Task<T> AskAgentAsync<T>(string tenantId, string agentId, Func<IAgentPresenceGrain, Task<T>> ask, CancellationToken cancellationToken)
    {
        var key = PresenceKeys.Compose(tenantId, agentId);
        return _calls.RunAsync(async () =>
        {
            await _known.EnsureWatchedAsync(tenantId, agentId);
            return await ask(_cluster.GetGrain<IAgentPresenceGrain>(key));
        }, cancellationToken);
    }
}
