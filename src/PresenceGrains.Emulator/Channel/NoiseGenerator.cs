using System.Text.Json;
using PresenceGrains.Emulator.Simulation;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// The platform's internal chatter that a <c>global</c> or <c>["all"]</c> subscription lets through (the seed's trap):
/// routing calculations, queue positions and SIP dialog states, at <see cref="SimulationOptions.NoiseRatePerSecond"/>.
/// Produced only while such a subscription exists.
/// </summary>
internal sealed class NoiseGenerator(ChannelHub hub, CentreState centre, SimulationOptions options, TimeProvider time) : IDisposable
{
    private static readonly string[] DialogStates = ["trying", "early", "confirmed", "terminated"];
    private readonly Random _random = new(options.Seed);
    private ITimer? _timer;
    private long _last;
    private double _owed;
    private long _conversation;
    private int _emitting;

    public void Start()
    {
        if (options.NoiseRatePerSecond > 0)
        {
            _last = time.GetTimestamp();
            _timer = time.CreateTimer(static s => ((NoiseGenerator)s!).Emit(), this, options.TickInterval, options.TickInterval);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Emit()
    {
        // Timer callbacks may overlap when one runs long; the next one catches up on what is owed.
        if (Interlocked.Exchange(ref _emitting, 1) == 1)
        {
            return;
        }

        try
        {
            EmitOwed();
        }
        finally
        {
            Volatile.Write(ref _emitting, 0);
        }
    }

    private void EmitOwed()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_last, now);
        _last = now;
        if (!hub.AnyWantsNoise)
        {
            _owed = 0;
            return;
        }

        // Capped so that a stalled timer does not come back with a flood of a minute's worth at once.
        _owed = Math.Min(_owed + (elapsed.TotalSeconds * options.NoiseRatePerSecond), options.NoiseRatePerSecond);
        for (; _owed >= 1; _owed--)
        {
            hub.PublishNoise(FrameSerializer.Write(this, time.GetUtcNow(), static (w, self, at) => self.WriteNoise(w, at)));
        }
    }

    private void WriteNoise(Utf8JsonWriter writer, DateTimeOffset at)
    {
        var agents = centre.Agents;
        var agent = agents[_random.Next(agents.Length)];
        var conversation = $"conv-{Interlocked.Increment(ref _conversation):D8}";
        var queue = $"queue-{_random.Next(1, 13):D2}";
        writer.WriteStartObject();
        switch (_random.Next(3))
        {
            case 0:
                writer.WriteString("eventType", "routingCalculation");
                writer.WriteString("conversationId", conversation);
                writer.WriteString("queueId", queue);
                writer.WriteStartArray("candidates");
                for (var i = 0; i < 3; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("userId", agents[_random.Next(agents.Length)].Id);
                    writer.WriteNumber("score", Math.Round(_random.NextDouble(), 3));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case 1:
                writer.WriteString("eventType", "queuePosition");
                writer.WriteString("conversationId", conversation);
                writer.WriteString("queueId", queue);
                writer.WriteNumber("position", _random.Next(1, 40));
                writer.WriteNumber("estimatedWaitSeconds", _random.Next(5, 600));
                break;
            default:
                writer.WriteString("eventType", "sipDialogState");
                writer.WriteString("deviceId", agent.Devices[_random.Next(agent.Devices.Length)].Id);
                writer.WriteString("dialogId", conversation);
                writer.WriteString("state", DialogStates[_random.Next(DialogStates.Length)]);
                break;
        }

        writer.WriteString("timestamp", at);
        writer.WriteEndObject();
    }
}
