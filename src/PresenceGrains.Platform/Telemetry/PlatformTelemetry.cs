using System.Diagnostics;
using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Platform.Telemetry;

/// <summary>
/// The platform client's trace source and meter name. A delta's trace starts here, with one
/// <see cref="DeltaReceiveSpan"/> span per validated delta; its context travels with the event to the consumer.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name of the platform client.</summary>
    public const string Name = "PresenceGrains.Platform";

    /// <summary>A delta read off the channel, validated and offered to the consumer's buffer.</summary>
    public const string DeltaReceiveSpan = "presence.delta.receive";

    internal static readonly ActivitySource Source = new(Name);

    /// <summary>Starts the receive span of a delta (a root: the channel's own work never runs under a caller's trace).</summary>
    internal static Activity? StartReceive(string tenantId, PresenceDelta delta)
    {
        var activity = Source.StartActivity(DeltaReceiveSpan, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Tenant, tenantId);
            activity.SetTag(TelemetryTags.Agent, delta.AgentId);
            activity.SetTag(TelemetryTags.Device, delta.DeviceId);
            activity.SetTag(TelemetryTags.Signal, delta.Signal.ToString());
        }

        return activity;
    }
}
