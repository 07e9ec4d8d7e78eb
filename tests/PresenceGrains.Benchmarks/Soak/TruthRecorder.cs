using System.Globalization;
using System.Net.Http.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>
/// The ground truth over time: every agent's design composite (<see cref="DesignComposite"/>) as a list of transitions,
/// rebuilt from the emulator's delta log (every change the platform made, in emission order, stamped with the time the
/// source changed), starting from a snapshot of the truth. Last writer wins per source, as the platform's own clock
/// says, so a delta the snapshot already reflects changes nothing.
/// </summary>
internal sealed class TruthRecorder
{
    private const int Page = 10_000;

    private readonly Func<long, Task<LogPage<PresenceStateChange>>> _read;
    private readonly AgentDirectory _agents;
    private readonly Dictionary<string, (int Agent, int Slot)> _devices = new(StringComparer.Ordinal);
    // Per agent: slot 0 is the declared (user-level) source, then one slot per device.
    private readonly (AgentState State, DateTimeOffset At)[][] _sources;
    private readonly List<Transition>[] _transitions;
    private long _offset;

    private TruthRecorder(Func<long, Task<LogPage<PresenceStateChange>>> read, AgentDirectory agents, long offset)
    {
        _read = read;
        _agents = agents;
        _offset = offset;
        _sources = new (AgentState, DateTimeOffset)[agents.Count][];
        _transitions = new List<Transition>[agents.Count];
    }

    /// <summary>Starts from the truth now, of an emulator in this process; <paramref name="at"/> is the moment the record starts.</summary>
    public static TruthRecorder Start(EmulatorServer emulator, AgentDirectory agents, DateTimeOffset at)
    {
        var recorder = new TruthRecorder(offset => Task.FromResult(emulator.DeltaLog.Read(offset, Page)), agents, emulator.DeltaLog.Count);
        recorder.Seed(emulator.Centre.Truth(), at);
        return recorder;
    }

    /// <summary>
    /// Starts from the truth now, of an emulator in a process of its own (its control surface, <c>emulator/log</c> and
    /// <c>emulator/truth</c>). The log's end is read before the truth: a delta in between is replayed, and changes
    /// nothing the truth already shows.
    /// </summary>
    public static async Task<TruthRecorder> StartAsync(HttpClient emulator, AgentDirectory agents, DateTimeOffset at)
    {
        Task<LogPage<PresenceStateChange>> Read(long offset) =>
            emulator.GetFromJsonAsync<LogPage<PresenceStateChange>>(
                string.Create(CultureInfo.InvariantCulture, $"emulator/log?offset={offset}&limit={Page}"), ApiJson.Options)!;

        var end = (await emulator.GetFromJsonAsync<LogPage<PresenceStateChange>>("emulator/log?offset=0&limit=0", ApiJson.Options))!.Total;
        var recorder = new TruthRecorder(async offset => (await Read(offset))!, agents, end);
        recorder.Seed((await emulator.GetFromJsonAsync<List<AgentTruth>>("emulator/truth", ApiJson.Options))!, at);
        return recorder;
    }

    private void Seed(IReadOnlyList<AgentTruth> truths, DateTimeOffset at)
    {
        foreach (var truth in truths)
        {
            var agent = _agents.IndexOf(truth.AgentId);
            _sources[agent] =
            [
                (DesignComposite.Level(truth.UserState), truth.UserLastUpdated),
                .. truth.Devices.Select(d => (DesignComposite.Level(d.State), d.LastUpdated)),
            ];
            for (var device = 0; device < truth.Devices.Count; device++)
            {
                _devices[truth.Devices[device].DeviceId] = (agent, device + 1);
            }

            _transitions[agent] = [new Transition(at, Composite(agent))];
        }
    }

    /// <summary>Each agent's truth transitions, the first one at the start of the record.</summary>
    public IReadOnlyList<Transition>[] Transitions => _transitions;

    /// <summary>Reads what the log gained since the last call. Throws when the log's ring overtook this reader.</summary>
    public async Task CatchupAsync()
    {
        while (true)
        {
            var page = await _read(_offset);
            if (page.Offset != _offset)
            {
                throw new InvalidOperationException($"The delta log dropped entries {_offset}–{page.Offset} before they were read; raise DeltaLogCapacity.");
            }

            foreach (var delta in page.Items)
            {
                Apply(delta);
            }

            _offset = page.NextOffset;
            if (page.Items.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>Reads the log every 100 ms until cancelled.</summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await CatchupAsync();
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await CatchupAsync();
    }

    private void Apply(PresenceStateChange delta)
    {
        var (agent, slot) = delta.DeviceId is null
            ? (_agents.IndexOf(delta.UserId), 0)
            : _devices.GetValueOrDefault(delta.DeviceId, (-1, 0));
        if (agent < 0 || delta.LastUpdated <= _sources[agent][slot].At)
        {
            return;
        }

        _sources[agent][slot] = (DesignComposite.Level(delta.State), delta.LastUpdated);
        var composite = Composite(agent);
        var transitions = _transitions[agent];
        var last = transitions[^1];
        if (composite != last.State)
        {
            // One agent's changes are emitted in time order; never let a stamp run backwards all the same.
            transitions.Add(new Transition(delta.LastUpdated > last.At ? delta.LastUpdated : last.At, composite));
        }
    }

    private AgentState Composite(int agent)
    {
        var sources = _sources[agent];
        return DesignComposite.Of(sources[0].State, [.. sources.Skip(1).Select(d => d.State)]);
    }
}

/// <summary>From <see cref="At"/> on, the agent's truth (or what was shown) is <see cref="State"/>.</summary>
internal readonly record struct Transition(DateTimeOffset At, AgentState State);
