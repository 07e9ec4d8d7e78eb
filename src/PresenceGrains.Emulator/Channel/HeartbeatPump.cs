using PresenceGrains.Emulator.Genesys;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// One timer for every socket: each <see cref="EmulatorOptions.HeartbeatInterval"/> one heartbeat, serialised once, to
/// all; in the Genesys mode each <see cref="GenesysOptions.HeartbeatInterval"/> a <c>channel.metadata</c> "WebSocket Heartbeat".
/// </summary>
internal sealed class HeartbeatPump(ChannelHub hub, EmulatorOptions options, TimeProvider time) : IDisposable
{
    private ITimer? _timer;

    private TimeSpan Interval => options.Mode == EmulatorMode.GenesysCloud ? options.Genesys.HeartbeatInterval : options.HeartbeatInterval;

    public void Start() =>
        _timer = time.CreateTimer(static s => ((HeartbeatPump)s!).Beat(), this, Interval, Interval);

    public void Dispose() => _timer?.Dispose();

    private void Beat()
    {
        if (!hub.IsEmpty)
        {
            hub.PublishHeartbeat(options.Mode == EmulatorMode.GenesysCloud
                ? GenesysFrames.Heartbeat()
                : FrameSerializer.Serialize(new Heartbeat(Heartbeat.Type, time.GetUtcNow()), ProtocolJsonContext.Default.Heartbeat));
        }
    }
}
