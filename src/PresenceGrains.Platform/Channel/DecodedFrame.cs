using PresenceGrains.Domain.Resolution;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Channel;

/// <summary>What one channel frame turned out to be, after parsing and schema validation.</summary>
internal abstract record DecodedFrame;

/// <summary>A valid <c>presenceStateChange</c>, mapped to the Domain, with the platform's own view of the agent's devices.</summary>
internal sealed record DeltaFrame(PresenceDelta Delta, PresenceLevel PlatformComposite, IReadOnlyList<CompositeDeviceState> PlatformDevices) : DecodedFrame;

/// <summary>A heartbeat with the platform's clock.</summary>
internal sealed record HeartbeatFrame(DateTimeOffset PlatformTime) : DecodedFrame;

/// <summary>The platform accepted the subscription at <paramref name="PlatformTime"/> (its clock).</summary>
internal sealed record SubscribedFrame(int Users, int Devices, DateTimeOffset PlatformTime) : DecodedFrame;

/// <summary>An error frame: 401 (token expired, the platform closes next) or 400 (bad subscription).</summary>
internal sealed record ErrorFrameReceived(int Code, string Message) : DecodedFrame;

/// <summary>A frame that is skipped and counted; <see cref="Problem"/> is redacted and bounded.</summary>
internal sealed record RejectedFrame(FrameRejection Reason, string Problem) : DecodedFrame;

/// <summary>Why a frame was skipped.</summary>
internal enum FrameRejection
{
    /// <summary>Not JSON text (or a binary frame).</summary>
    Malformed,

    /// <summary>JSON, but no known event or not matching its schema.</summary>
    SchemaInvalid,

    /// <summary>Over the frame size limit; read to its end and discarded.</summary>
    Oversized,
}
