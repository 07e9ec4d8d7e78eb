using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// A platform adapter the test scripts: it yields exactly the events the test pushes and answers snapshots from the
/// test's table. It isolates the grains from any socket, which is the point of the connector's adapter seam.
/// </summary>
public sealed class ScriptedPlatform : IPresencePlatform
{
    private readonly Channel<PlatformEvent> _events = Channel.CreateUnbounded<PlatformEvent>();

    public ConcurrentDictionary<string, AgentSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<CorrectionRequest> Corrections { get; } = new();

    public ConcurrentQueue<IReadOnlyCollection<string>> SnapshotRequests { get; } = new();

    /// <summary>While set and not completed, corrections wait for it before they reach the platform (a slow REST pace).</summary>
    public TaskCompletionSource? CorrectionGate { get; set; }

    /// <summary>While set, snapshot reads wait for it: a slow REST answer.</summary>
    public TaskCompletionSource? SnapshotGate { get; set; }

    /// <summary>When set, <see cref="SnapshotGate"/> holds only the reads this picks (a slow bulk read beside quick ones).</summary>
    public Func<IReadOnlyCollection<string>, bool>? SnapshotGateOnly { get; set; }

    public WatchSubscription? Subscription { get; private set; }

    public int Runs { get; private set; }

    public ChannelStatus Status { get; set; } = new(
        ChannelState.Idle, null, null, null, 0, 0, null, null, 0, new ChannelCounters(0, 0, 0, 0, 0, 0, 0), []);

    public void Push(PlatformEvent platformEvent) => _events.Writer.TryWrite(platformEvent);

    public async IAsyncEnumerable<PlatformEvent> RunAsync(WatchSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Subscription = subscription;
        Runs++;
        while (await _events.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_events.Reader.TryRead(out var platformEvent))
            {
                yield return platformEvent;
            }
        }
    }

    public async Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        SnapshotRequests.Enqueue(agentIds.ToList());
        if (SnapshotGate is { } gate && SnapshotGateOnly?.Invoke(agentIds) != false)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        var found = agentIds.Where(Snapshots.ContainsKey).Select(id => Snapshots[id]).ToList();
        var missing = agentIds.Where(id => !Snapshots.ContainsKey(id)).ToList();
        return new SnapshotResult(found, missing);
    }

    public async Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken)
    {
        var result = await GetSnapshotsAsync([agentId], cancellationToken);
        return result.Snapshots.SingleOrDefault();
    }

    public async Task SendCorrectionsAsync(IReadOnlyCollection<CorrectionRequest> corrections, CancellationToken cancellationToken)
    {
        if (CorrectionGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        foreach (var correction in corrections)
        {
            Corrections.Enqueue(correction);
        }
    }

    /// <summary>The connector disposes its adapter on every restart; the script goes on with the next run.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
