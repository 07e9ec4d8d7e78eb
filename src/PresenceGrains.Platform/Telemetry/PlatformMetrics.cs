using System.Diagnostics.Metrics;

namespace PresenceGrains.Platform.Telemetry;

/// <summary>
/// The platform client's instruments (meter <see cref="PlatformTelemetry.Name"/>): what arrived on the channel, how
/// often it came back, how long it was down, and how often the token was replaced. Every measurement is tagged with the
/// tenant, never with anything secret.
/// </summary>
public sealed class PlatformMetrics
{
    public const string DeltasReceived = "presence.deltas.received";
    public const string ChannelReconnects = "presence.channel.reconnects";
    public const string ChannelDisconnectedDuration = "presence.channel.disconnected.duration";
    public const string TokenRefreshes = "presence.token.refreshes";
    public const string UndeclaredProperties = "presence.protocol.undeclared_properties";
    public const string DriftRepaired = "presence.drift.repaired";
    public const string DevicesRecoveredFromComposite = "presence.deltas.recovered";

    /// <summary>Outages run from a dropped packet to a carrier's minutes-long cut.</summary>
    private static readonly double[] DisconnectionBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900];

    private readonly Counter<long> _received;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<double> _disconnected;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _undeclared;
    private readonly Counter<long> _drift;
    private readonly Counter<long> _recovered;

    /// <summary>Instruments on a meter of <paramref name="meterFactory"/>, so they live and die with its container.</summary>
    public PlatformMetrics(IMeterFactory meterFactory)
        : this(Create(meterFactory))
    {
    }

    private PlatformMetrics(Meter meter)
    {
        _received = meter.CreateCounter<long>(
            DeltasReceived, "{delta}", "Deltas read off the platform channel that passed schema validation.");
        _reconnects = meter.CreateCounter<long>(
            ChannelReconnects, "{reconnect}", "Times the platform channel was subscribed again after being lost.");
        _disconnected = meter.CreateHistogram(
            ChannelDisconnectedDuration, "s", "How long each loss of the platform channel lasted, from the last frame to resubscribed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DisconnectionBuckets });
        _refreshes = meter.CreateCounter<long>(
            TokenRefreshes, "{refresh}", "OAuth tokens obtained to replace an earlier one: ahead of its expiry, or after the platform rejected it.");
        _undeclared = meter.CreateCounter<long>(
            UndeclaredProperties, "{message}", "Accepted platform messages that carried a property their schema does not declare, by message and property name.");
        _drift = meter.CreateCounter<long>(
            DriftRepaired, "{agent}", "Agents a re-read from REST found wrong and repaired, by why they were re-read (shed, rotation, anti-entropy).");
        _recovered = meter.CreateCounter<long>(
            DevicesRecoveredFromComposite, "{delta}", "Device changes a later delta's composite showed and no delta of their own had brought (lost, or still on its way).");
    }

    /// <summary>For clients built without a container: instruments on a process-wide meter.</summary>
    public static PlatformMetrics Shared { get; } = new(new Meter(PlatformTelemetry.Name));

    internal void DeltaReceived(string tenantId) =>
        _received.Add(1, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));

    internal void Reconnected(string tenantId, TimeSpan disconnected)
    {
        var tenant = new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId);
        _reconnects.Add(1, tenant);
        _disconnected.Record(disconnected.TotalSeconds, tenant);
    }

    internal void DevicesRecovered(string tenantId, int devices) =>
        _recovered.Add(devices, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId));

    internal void TokenRefreshed(string tenantId, bool afterRejection) =>
        _refreshes.Add(
            1,
            new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId),
            new KeyValuePair<string, object?>(TelemetryTags.ReasonDimension, afterRejection ? "rejected" : "expiring"));

    internal void AgentsRepaired(string tenantId, string cause, int agents) =>
        _drift.Add(
            agents,
            new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId),
            new KeyValuePair<string, object?>(TelemetryTags.CauseDimension, cause));

    internal void UndeclaredPropertySeen(string tenantId, string message, string property) =>
        _undeclared.Add(
            1,
            new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, tenantId),
            new KeyValuePair<string, object?>(TelemetryTags.MessageDimension, message),
            new KeyValuePair<string, object?>(TelemetryTags.PropertyDimension, property));

    private static Meter Create(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return meterFactory.Create(PlatformTelemetry.Name);
    }
}
