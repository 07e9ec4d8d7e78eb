namespace PresenceGrains.Emulator.Simulation;

/// <summary>
/// One scheduler for the whole centre: a priority queue of (due time, agent) and one timer that releases what is due.
/// An event's timestamp is its scheduled time, not the moment the timer fired, so the delta log is a pure function of
/// the seed and the start time, whatever the machine's jitter.
/// </summary>
internal sealed class SimulationEngine : IDisposable
{
    private readonly CentreState _centre;
    private readonly AgentDay _day;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tick;
    private readonly PriorityQueue<SimAgent, (long DueMs, int Index)> _queue = new();
    private ITimer? _timer;
    private bool _seeded;
    private int _ticking;

    /// <summary>The wall time that scheduled offset 0 stands for; moved forward by the length of every pause.</summary>
    private DateTimeOffset _epoch;

    private DateTimeOffset _pausedAt;

    public SimulationEngine(CentreState centre, SimulationOptions options, TimeProvider time)
    {
        _centre = centre;
        _day = new AgentDay(centre, options);
        _time = time;
        _tick = options.TickInterval;
    }

    public bool Running
    {
        get
        {
            lock (_centre.Gate)
            {
                return _timer is not null;
            }
        }
    }

    public void Start()
    {
        lock (_centre.Gate)
        {
            if (_timer is not null)
            {
                return;
            }

            if (!_seeded)
            {
                _epoch = _centre.Origin;
                foreach (var agent in _centre.Agents)
                {
                    _queue.Enqueue(agent, (_day.FirstDelay(agent), agent.Index));
                }

                _seeded = true;
            }
            else
            {
                _epoch += _time.GetUtcNow() - _pausedAt;
            }

            _timer = _time.CreateTimer(static state => ((SimulationEngine)state!).Tick(), this, _tick, _tick);
        }
    }

    public void Stop()
    {
        lock (_centre.Gate)
        {
            if (_timer is null)
            {
                return;
            }

            _timer.Dispose();
            _timer = null;
            _pausedAt = _time.GetUtcNow();
        }
    }

    public void Dispose() => Stop();

    private void Tick()
    {
        // Timer callbacks may overlap when a tick runs long; one at a time is enough, the next picks up what is due.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            lock (_centre.Gate)
            {
                if (_timer is null)
                {
                    return;
                }

                var nowMs = (long)(_time.GetUtcNow() - _epoch).TotalMilliseconds;
                while (_queue.TryPeek(out var agent, out var due) && due.DueMs <= nowMs)
                {
                    _queue.Dequeue();
                    var delay = _day.Step(agent, _epoch.AddMilliseconds(due.DueMs));
                    if (delay >= 0)
                    {
                        _queue.Enqueue(agent, (due.DueMs + delay, agent.Index));
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
