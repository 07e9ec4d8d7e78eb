using System.Diagnostics.Metrics;

namespace PresenceGrains.Client;

/// <summary>
/// What a router's dashboard can count of its feeds (meter <see cref="PresenceClientMetrics.MeterName"/>): how often a
/// silo loss sent them to the directory, and how many changes the stream had lost that the directory held.
/// </summary>
internal static class ClientMetrics
{
    public const string TenantTag = "presence.tenant";

    private static readonly Meter Meter = new(PresenceClientMetrics.MeterName);

    public static readonly Counter<long> GatewayLosses = Meter.CreateCounter<long>(
        PresenceClientMetrics.FeedGatewayLosses, "{loss}", "Gateways lost while others answered, each followed by reads of the tenant's directory");

    public static readonly Counter<long> Repaired = Meter.CreateCounter<long>(
        PresenceClientMetrics.FeedRepaired, "{change}", "Changes the stream had not brought, delivered from the tenant's directory after a lost gateway");
}
