namespace PresenceGrains.Client;

/// <summary>The names of the client's metrics, for <c>AddMeter</c> in OpenTelemetry and for dashboards.</summary>
public static class PresenceClientMetrics
{
    /// <summary>The client's meter.</summary>
    public const string MeterName = "PresenceGrains.Client";

    /// <summary>Counter: gateways lost while others answered (a silo most likely died), per tenant feed.</summary>
    public const string FeedGatewayLosses = "presence.client.feed.gateway_losses";

    /// <summary>Counter: changes the stream had not brought, delivered from the tenant's directory after a lost gateway.</summary>
    public const string FeedRepaired = "presence.client.feed.repaired";
}
