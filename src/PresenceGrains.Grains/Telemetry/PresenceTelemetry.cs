using System.Diagnostics;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// The names a host subscribes to, and the spans of a delta's way through the grains. A delta's trace: the platform's
/// <see cref="PlatformTelemetry.DeltaReceiveSpan"/>, then <see cref="DispatchSpan"/> (the connector's grain call that
/// carries it), <see cref="AgentApplySpan"/> (one per delta in the agent grain, which judges user-level and device
/// deltas alike; the Orleans call span between them), <see cref="PublishSpan"/> (the change on the agent and tenant streams),
/// <see cref="HistoryRecordSpan"/> (numbered, stored and put on the feed) and <see cref="FeedSendSpan"/> (written to a
/// live-feed client).
/// </summary>
public static class PresenceTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and meter name of the grains.</summary>
    public const string Name = "PresenceGrains";

    public const string DispatchSpan = "presence.delta.dispatch";
    public const string AgentApplySpan = "presence.agent.apply";
    public const string HoldElapsedSpan = "presence.agent.hold_elapsed";
    public const string PublishSpan = "presence.publish";
    public const string HistoryRecordSpan = "presence.history.record";
    public const string FeedSendSpan = "presence.feed.send";
    public const string ControlSpan = "presence.connector.control";

    /// <summary>Attribute of <see cref="PublishSpan"/>: <c>raise</c>, <c>lowering</c> or <c>same</c> against the agent's previous publication.</summary>
    public const string DirectionTag = "presence.direction";

    /// <summary>
    /// Attribute of <see cref="PublishSpan"/> for a change a delta caused: milliseconds from the platform's lastUpdated to
    /// the publication, the measurement <see cref="PresenceMetrics.DeltaLatency"/> records.
    /// </summary>
    public const string LatencyTag = "presence.latency_ms";

    /// <summary>Every PresenceGrains trace source: the grains' and the platform client's.</summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [Name, PlatformTelemetry.Name];

    /// <summary>Every PresenceGrains meter: the grains' and the platform client's.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [Name, PlatformTelemetry.Name];

    internal static ActivitySource Source { get; } = new(Name);

    /// <summary>
    /// A span for one delta inside a grain call. Under the call when the call belongs to the delta's own trace; when the
    /// call carries it as one of several (a batch), in the delta's trace, linked to the call.
    /// </summary>
    internal static Activity? StartForDelta(string name, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        if (!TraceParent.TryParse(traceParent, out var delta) || (current is not null && current.TraceId == delta.TraceId))
        {
            return Source.StartActivity(name);
        }

        return Source.StartActivity(name, ActivityKind.Internal, delta, links: current is null ? null : [new ActivityLink(current.Context)]);
    }

    /// <summary>A span that continues <paramref name="parent"/> (default: the current span), of the given kind.</summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent = default, IEnumerable<ActivityLink>? links = null) =>
        Source.StartActivity(name, kind, parent, links: links);
}
