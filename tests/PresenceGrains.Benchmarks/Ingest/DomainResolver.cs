using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Domain.Publication;
using PresenceGrains.Grains;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The ceiling's consumer: the platform client's events resolved by one <see cref="AgentPresenceMachine"/> per agent in
/// a dictionary-free array, hold windows ticked as they fall due, every publication kept with the moment it was made.
/// What the service does, minus Orleans.
/// </summary>
internal sealed class DomainResolver
{
    private readonly Lock _gate = new();
    private readonly AgentDirectory _agents;
    private readonly AgentPresenceMachine[] _machines;
    private readonly PriorityQueue<int, DateTimeOffset> _holds = new();
    private readonly List<Publication> _published = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private long _deltas;
    private DateTimeOffset _lastResolvedAt;

    public DomainResolver(AgentDirectory agents)
    {
        _agents = agents;
        _machines = [.. Enumerable.Range(0, agents.Count).Select(_ => new AgentPresenceMachine())];
    }

    /// <summary>Deltas resolved so far.</summary>
    public long Deltas => Interlocked.Read(ref _deltas);

    /// <summary>When the latest delta was resolved.</summary>
    public DateTimeOffset LastResolvedAt
    {
        get
        {
            lock (_gate)
            {
                return _lastResolvedAt;
            }
        }
    }

    public int Published
    {
        get
        {
            lock (_gate)
            {
                return _published.Count;
            }
        }
    }

    public Publication[] PublishedFrom(int from)
    {
        lock (_gate)
        {
            return [.. _published.Skip(from)];
        }
    }

    public AgentState[] Levels()
    {
        lock (_gate)
        {
            return [.. _machines.Select(m => m.Published.Level.ToContract())];
        }
    }

    /// <summary>Resolves events until the sequence ends; a timer meanwhile publishes lowerings whose window ended.</summary>
    public async Task ConsumeAsync(IAsyncEnumerable<PlatformEvent> events, CancellationToken cancellationToken)
    {
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var ticking = TickAsync(ticker, cancellationToken);
        await foreach (var platformEvent in events.WithCancellation(cancellationToken))
        {
            if (platformEvent is not DeltaReceived received || _agents.IndexOf(received.Delta.AgentId) is var agent && agent < 0)
            {
                continue;
            }

            lock (_gate)
            {
                var now = _time.GetUtcNow();
                Record(agent, _machines[agent].Apply(received.Delta, now, received.PlatformComposite), now);
                _lastResolvedAt = now;
            }

            Interlocked.Increment(ref _deltas);
        }

        ticker.Dispose();
        await ticking;
    }

    private async Task TickAsync(PeriodicTimer ticker, CancellationToken cancellationToken)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(cancellationToken))
            {
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    while (_holds.TryPeek(out var agent, out var due) && due <= now)
                    {
                        _holds.Dequeue();
                        Record(agent, _machines[agent].Tick(now), now);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(int agent, MachineStep step, DateTimeOffset now)
    {
        if (step.Published is { } view)
        {
            _published.Add(new Publication(agent, view.Level.ToContract(), view.Routable, view.Freshness.ToContract(), view.Cause.ToContract(), view.LastUpdated, now));
        }

        if (step.HoldUntil is { } due)
        {
            _holds.Enqueue(agent, due);
        }
    }
}
