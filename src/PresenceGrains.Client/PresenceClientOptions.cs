namespace PresenceGrains.Client;

/// <summary>
/// Where the presence cluster is and how the client behaves (configuration section <c>Presence:Client</c>). The defaults
/// reach the embedded default of <c>dotnet run --project src/PresenceGrains.Host</c> on this machine.
/// </summary>
public sealed class PresenceClientOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Presence:Client";

    /// <summary>The <see cref="ConnectionString"/> value for a cluster on this machine (localhost clustering).</summary>
    public const string LocalhostValue = "Localhost";

    /// <summary>
    /// <c>Localhost</c> (the embedded default's gateway on <see cref="GatewayPort"/>), or the Azure Storage connection
    /// string the service uses (<c>Presence:Storage:ConnectionString</c>): Azure Table membership.
    /// </summary>
    public string ConnectionString { get; set; } = LocalhostValue;

    /// <summary>The service's table endpoint, reached with DefaultAzureCredential (managed identity) instead of a connection string.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The service's <c>Presence:Cluster:ClusterId</c>.</summary>
    public string ClusterId { get; set; } = "presence-local";

    /// <summary>The service's <c>Presence:Cluster:ServiceId</c>.</summary>
    public string ServiceId { get; set; } = "presencegrains";

    /// <summary>The gateway port of a localhost cluster (the service's <c>Presence:Cluster:GatewayPort</c>); Azure Table membership lists the gateways itself.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long start-up keeps trying to reach a gateway before it reports the cluster unreachable.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes a feed holds for a reader that falls behind; past it they are dropped and the reader is told to re-read.</summary>
    public int FeedCapacity { get; set; } = 10_000;

    /// <summary>
    /// After a gateway is lost while others answer (a silo of the cluster died, taking the stream queues it held), how
    /// often each feed reads its tenant's directory and delivers the changes the stream did not bring.
    /// </summary>
    public TimeSpan FeedRepairPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// For how long after a gateway loss a feed keeps reading the directory: the silo must be declared dead, its stream
    /// queues taken over and the tenant's connector moved (the `chaos` benchmark: 10–30 s). Zero turns the reads off.
    /// </summary>
    public TimeSpan FeedRepairWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the client trusts that an agent it found watched still is, before it asks again.</summary>
    public TimeSpan KnownAgentTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True for a cluster on this machine: localhost clustering (<c>Memory</c>, the service's own word for it, too).</summary>
    public bool IsLocalhost =>
        TableServiceUri is null
        && (string.Equals(ConnectionString, LocalhostValue, StringComparison.OrdinalIgnoreCase)
            || string.Equals(ConnectionString, "Memory", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when Azure Storage is reached through endpoints and DefaultAzureCredential.</summary>
    public bool UsesIdentity => TableServiceUri is not null;
}
