using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator;

/// <summary>
/// The simulated contact centre: its agents and devices, their ground truth, the automatic simulation, and scripting.
/// Every change emits the deltas a platform would (with its composite state) to the delta log and the subscribed
/// sockets. Scripting an agent takes it out of the automatic simulation for good, so a test's script is not undone.
/// </summary>
public sealed class ContactCentre : IDisposable
{
    private readonly CentreState _state;
    private readonly SimulationEngine _engine;
    private readonly ChannelHub _hub;
    private readonly TimeProvider _time;
    private readonly Random _awayRandom;

    internal ContactCentre(CentreState state, SimulationOptions options, ChannelHub hub, TimeProvider time)
    {
        _state = state;
        _hub = hub;
        _time = time;
        _engine = new SimulationEngine(state, options, time);
        _awayRandom = new Random(options.Seed);
        Agents = [.. state.Agents.Select(a => new AgentInfo(a.Id, [.. a.Devices.Select(d => d.Id)]))];
    }

    /// <summary>Every agent with its device ids, in id order.</summary>
    public IReadOnlyList<AgentInfo> Agents { get; }

    public bool SimulationRunning => _engine.Running;

    internal CentreState State => _state;

    /// <summary>Starts (or resumes) the automatic simulation.</summary>
    public void StartSimulation() => _engine.Start();

    /// <summary>Pauses the automatic simulation; resuming continues the same day.</summary>
    public void StopSimulation() => _engine.Stop();

    /// <summary>The truth of one agent, or null when the id is unknown.</summary>
    public AgentTruth? Truth(string agentId)
    {
        lock (_state.Gate)
        {
            return _state.FindAgent(agentId)?.Truth();
        }
    }

    /// <summary>The truth of every agent.</summary>
    public IReadOnlyList<AgentTruth> Truth()
    {
        lock (_state.Gate)
        {
            return [.. _state.Agents.Select(a => a.Truth())];
        }
    }

    /// <summary>The REST snapshot of one agent (seed §4): its declared state and every device; null when unknown.</summary>
    public UserSnapshot? Snapshot(string agentId)
    {
        lock (_state.Gate)
        {
            return _state.FindAgent(agentId) is { } agent
                ? new UserSnapshot(agent.Id, agent.UserState, agent.UserState, agent.UserLastUpdated, [.. agent.Devices.Select(d => new DeviceSnapshot(d.Id, d.State, d.LastUpdated))])
                : null;
        }
    }

    /// <summary>Sets an agent's declared (user-level) state now; returns the deltas emitted (none when unchanged).</summary>
    /// <exception cref="KeyNotFoundException">Unknown agent.</exception>
    /// <exception cref="ArgumentException">Not a user state.</exception>
    public IReadOnlyList<PresenceStateChange> SetUserState(string agentId, string state, string? reason = null)
    {
        RequireUserState(state, nameof(state));
        lock (_state.Gate)
        {
            var agent = _state.FindAgent(agentId) ?? throw new KeyNotFoundException($"Unknown agent '{agentId}'.");
            agent.Step = AgentStep.Scripted;
            var emitted = new List<PresenceStateChange>();
            _state.ApplyUser(agent, state, Now(), reason ?? "scripted", emitted);
            return emitted;
        }
    }

    /// <summary>Sets a device's state now; returns the device delta and, when the composite changed, the user-level one.</summary>
    /// <exception cref="KeyNotFoundException">Unknown device.</exception>
    /// <exception cref="ArgumentException">Not a device state.</exception>
    public IReadOnlyList<PresenceStateChange> SetDeviceState(string deviceId, string state, string? reason = null)
    {
        RequireDeviceState(state, nameof(state));
        lock (_state.Gate)
        {
            var (agent, device) = _state.FindDevice(deviceId) ?? throw new KeyNotFoundException($"Unknown device '{deviceId}'.");
            agent.Step = AgentStep.Scripted;
            var emitted = new List<PresenceStateChange>();
            _state.ApplyDevice(agent, device, state, Now(), reason ?? "scripted", emitted);
            return emitted;
        }
    }

    /// <summary>
    /// Emits <paramref name="count"/> user-level deltas as fast as the subscribed sockets take them (agents in turn
    /// toggle between available and notReady, so the truth stays exact). Waits for room in the sockets' queues rather
    /// than overflowing them. Returns how many were emitted.
    /// </summary>
    public Task<long> BurstAsync(long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var next = 0;
        var agents = _state.Agents;
        return EmitPacedAsync(count, deltasPerItem: 1, (_, now) =>
        {
            var agent = agents[next];
            next = (next + 1) % agents.Length;
            var state = agent.UserState == PresenceStates.Available ? PresenceStates.NotReady : PresenceStates.Available;
            _state.ApplyUser(agent, state, now, "burst");
        }, cancellationToken);
    }

    /// <summary>
    /// Applies a prepared script in order, as fast as the subscribed sockets take the deltas (the same back-pressure as
    /// <see cref="BurstAsync"/>), each change stamped when it is applied. Every id and state is checked before anything
    /// is emitted. The agents it touches leave the automatic simulation, as with any scripting. Returns how many
    /// changes were played (a change to the state its source already has emits nothing).
    /// </summary>
    /// <exception cref="KeyNotFoundException">An unknown agent or device.</exception>
    /// <exception cref="ArgumentException">A state its source cannot take.</exception>
    public Task<long> PlayAsync(IReadOnlyList<ScriptedChange> script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var resolved = new (SimAgent Agent, SimDevice? Device, string State)[script.Count];
        for (var i = 0; i < script.Count; i++)
        {
            resolved[i] = Resolve(script[i]);
        }

        // A device change can bring the platform's user-level delta with it: two deltas per change at most.
        return EmitPacedAsync(resolved.Length, deltasPerItem: 2, (i, now) =>
        {
            var (agent, device, state) = resolved[i];
            agent.Step = AgentStep.Scripted;
            if (device is null)
            {
                _state.ApplyUser(agent, state, now, "scripted");
            }
            else
            {
                _state.ApplyDevice(agent, device, state, now, "scripted");
            }
        }, cancellationToken);
    }

    /// <summary>The platform's reaction to a client that stopped answering pings: its subscribed devices go offline.</summary>
    internal void MarkDevicesOffline(IEnumerable<string> deviceIds)
    {
        lock (_state.Gate)
        {
            var now = Now();
            foreach (var id in deviceIds)
            {
                if (_state.FindDevice(id) is var (agent, device))
                {
                    _state.ApplyDevice(agent, device, PresenceStates.Offline, now, "client_unresponsive");
                }
            }
        }
    }

    /// <summary>
    /// The <c>changes-while-disconnected</c> fault: some of the agents a departed client watched change their declared
    /// state (available ↔ notReady) while it is away, so only a REST snapshot can tell it.
    /// </summary>
    internal IReadOnlyList<string> ChangeWhileAway(IReadOnlyCollection<string> watchedAgents, int changes)
    {
        lock (_state.Gate)
        {
            var candidates = watchedAgents.Select(_state.FindAgent).OfType<SimAgent>().ToArray();
            _awayRandom.Shuffle(candidates);
            var now = Now();
            var changed = new List<string>();
            foreach (var agent in candidates.Take(changes))
            {
                var state = agent.UserState == PresenceStates.Available ? PresenceStates.NotReady : PresenceStates.Available;
                _state.ApplyUser(agent, state, now, "changed_while_disconnected");
                changed.Add(agent.Id);
            }

            return changed;
        }
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>
    /// Runs <paramref name="emit"/> <paramref name="count"/> times, in batches that first wait for room in every socket's
    /// queue for the most deltas a batch can emit.
    /// </summary>
    private async Task<long> EmitPacedAsync(long count, int deltasPerItem, Action<long, DateTimeOffset> emit, CancellationToken cancellationToken)
    {
        const int Batch = 256;
        var emitted = 0L;
        while (emitted < count)
        {
            await _hub.WaitForRoomAsync(Batch * deltasPerItem, cancellationToken);
            lock (_state.Gate)
            {
                var now = Now();
                var end = Math.Min(count, emitted + Batch);
                for (; emitted < end; emitted++)
                {
                    emit(emitted, now);
                }
            }
        }

        return emitted;
    }

    private static void RequireUserState(string state, string parameter)
    {
        if (!PresenceStates.IsUserState(state))
        {
            throw new ArgumentException($"'{state}' is not a user state ({string.Join(", ", PresenceStates.UserStates)}).", parameter);
        }
    }

    private static void RequireDeviceState(string state, string parameter)
    {
        if (!PresenceStates.IsDeviceState(state))
        {
            throw new ArgumentException($"'{state}' is not a device state ({string.Join(", ", PresenceStates.DeviceStates)}).", parameter);
        }
    }

    private (SimAgent Agent, SimDevice? Device, string State) Resolve(ScriptedChange change)
    {
        if (change.IsDevice)
        {
            RequireDeviceState(change.State, nameof(change));
            var (agent, device) = _state.FindDevice(change.Id) ?? throw new KeyNotFoundException($"Unknown device '{change.Id}'.");
            return (agent, device, change.State);
        }

        RequireUserState(change.State, nameof(change));
        return (_state.FindAgent(change.Id) ?? throw new KeyNotFoundException($"Unknown agent '{change.Id}'."), null, change.State);
    }

    /// <summary>Wall time at millisecond precision, as the platform stamps its deltas.</summary>
    internal static DateTimeOffset ToMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private DateTimeOffset Now() => ToMilliseconds(_time.GetUtcNow());
}
