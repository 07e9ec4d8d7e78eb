using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>A subscriber to the tenant stream inside the running host: keeps every publication of one agent it sees.</summary>
public sealed class AgentStreamProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<AgentPresence> _seen = new();
    private StreamSubscriptionHandle<AgentPresence>? _handle;

    public IReadOnlyList<AgentPresence> Seen => _seen.ToArray();

    public static async Task<AgentStreamProbe> SubscribeAsync(RunningHost host, string tenant, string agentId)
    {
        var probe = new AgentStreamProbe();
        var stream = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(PresenceStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, tenant));
        probe._handle = await stream.SubscribeAsync((p, _) =>
        {
            if (p.AgentId == agentId)
            {
                probe._seen.Enqueue(p);
            }

            return Task.CompletedTask;
        });
        return probe;
    }

    public Task<AgentPresence> WaitForAsync(Func<AgentPresence, bool> predicate, string what) =>
        Wait.UntilAsync(() => Task.FromResult(_seen.FirstOrDefault(predicate)), p => p is not null, what: what)!;

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
