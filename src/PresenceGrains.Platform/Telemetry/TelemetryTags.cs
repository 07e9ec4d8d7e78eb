namespace PresenceGrains.Platform.Telemetry;

/// <summary>
/// Attribute keys of every PresenceGrains span and metric, in one place. Spans use the <c>presence.</c> namespace next to
/// the HTTP and RPC attributes of other instrumentation; metric dimensions are short. None ever holds a credential.
/// </summary>
public static class TelemetryTags
{
    public const string Tenant = "presence.tenant";
    public const string Agent = "presence.agent_id";
    public const string Device = "presence.device_id";
    public const string Signal = "presence.signal";
    public const string Outcome = "presence.outcome";
    public const string State = "presence.state";
    public const string Routable = "presence.routable";
    public const string Cause = "presence.cause";
    public const string Sequence = "presence.sequence";
    public const string FeedId = "presence.feed_id";
    public const string Deltas = "presence.deltas";
    public const string Event = "presence.event";

    /// <summary>Metric dimension: the tenant.</summary>
    public const string TenantDimension = "tenant";

    /// <summary>Metric dimension: why a delta was discarded (<c>stale</c>, <c>duplicate</c>, <c>tie</c>).</summary>
    public const string ReasonDimension = "reason";

    /// <summary>Metric dimension: the source an applied delta updated (<c>user</c>, <c>device</c>).</summary>
    public const string SourceDimension = "source";

    /// <summary>Metric dimension: an agent's published state.</summary>
    public const string StateDimension = "state";

    /// <summary>Metric dimension: an agent's channel freshness.</summary>
    public const string FreshnessDimension = "freshness";

    /// <summary>Metric dimension: the platform message a measurement is about (<c>PresenceStateChange</c>, …).</summary>
    public const string MessageDimension = "message";

    /// <summary>Metric dimension: a property's path in a platform message; its name only, never its value.</summary>
    public const string PropertyDimension = "property";

    /// <summary>Metric dimension: why agents were re-read (<c>shed</c>, <c>anti-entropy</c>, …).</summary>
    public const string CauseDimension = "cause";
}
