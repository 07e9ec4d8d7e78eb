using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Channel;

/// <summary>One timer for every socket: each <see cref="EmulatorOptions.HeartbeatInterval"/> one heartbeat, serialised once, to all.</summary>
internal sealed class HeartbeatPump(ChannelHub hub, EmulatorOptions options, TimeProvider time) : IDisposable
{
    private ITimer? _timer;

    public void Start() =>
        _timer = time.CreateTimer(static s => ((HeartbeatPump)s!).Beat(), this, options.HeartbeatInterval, options.HeartbeatInterval);

    public void Dispose() => _timer?.Dispose();

    private void Beat()
    {
        if (!hub.IsEmpty)
        {
            hub.PublishHeartbeat(FrameSerializer.Serialize(new Heartbeat(Heartbeat.Type, time.GetUtcNow()), ProtocolJsonContext.Default.Heartbeat));
        }
    }
}
