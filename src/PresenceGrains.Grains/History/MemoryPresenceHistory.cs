using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>History in process memory, bounded per tenant: the embedded default's store. Thread-safe.</summary>
public sealed class MemoryPresenceHistory(IOptions<HistoryOptions> options) : IPresenceHistory
{
    private readonly int _max = options.Value.MaxEventsInMemory;
    private readonly Dictionary<string, TenantLog> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<long> GetLastEventIdAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var events = Log(tenantId).Events;
            return Task.FromResult(events.Count == 0 ? 0 : events[events.Count - 1].Id);
        }
    }

    public Task AppendAsync(string tenantId, IReadOnlyList<PresenceEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var log = Log(tenantId);
            foreach (var presenceEvent in events)
            {
                log.Events.Add(presenceEvent);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PresenceEvent>> ReadFeedAsync(string tenantId, long afterId, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var events = Log(tenantId).Events;
            return Task.FromResult<IReadOnlyList<PresenceEvent>>(events.From(events.LowerBound(afterId + 1)).Take(max).ToList());
        }
    }

    public Task<IReadOnlyList<PresenceEvent>> ReadAgentAsync(string tenantId, string agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PresenceEvent>>(Log(tenantId).Events.From(0)
                .Where(e => e.Presence.AgentId == agentId && HistoryTime.Of(e) >= from && HistoryTime.Of(e) <= to)
                .ToList());
        }
    }

    public Task AppendWindowAsync(string tenantId, DisconnectionWindow window, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Log(tenantId).Windows.Add(window);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DisconnectionWindow>> ReadWindowsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<DisconnectionWindow>>(Log(tenantId).Windows
                .Where(w => w.End >= from && w.Start <= to).OrderBy(w => w.Start).ToList());
        }
    }

    public Task PruneAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var log = Log(tenantId);
            log.Events.RemoveAll(e => HistoryTime.Of(e) < before);
            log.Windows.RemoveAll(w => w.End < before);
        }

        return Task.CompletedTask;
    }

    private TenantLog Log(string tenantId)
    {
        if (!_tenants.TryGetValue(tenantId, out var log))
        {
            _tenants[tenantId] = log = new TenantLog(_max);
        }

        return log;
    }

    private sealed class TenantLog(int max)
    {
        public EventRing Events { get; } = new(max);

        public List<DisconnectionWindow> Windows { get; } = [];
    }
}
