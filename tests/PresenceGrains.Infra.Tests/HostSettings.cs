namespace PresenceGrains.Infra.Tests;

/// <summary>The environment variables the host reads in Azure ('__' for ':'), as the host's options define them.</summary>
internal static class HostSettings
{
    public static readonly IReadOnlySet<string> Names = new SortedSet<string>(StringComparer.Ordinal)
    {
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "Presence__Storage__TableServiceUri",
        "Presence__Storage__QueueServiceUri",
        "Presence__Cluster__ClusterId",
        "Presence__Cluster__ServiceId",
        "Presence__Platform__BaseUrl",
        "Presence__Platform__TenantId",
        "Presence__Platform__ClientId",
        "Presence__Platform__KeyVaultUri",
        "Presence__Platform__ClientSecretName",
        "Presence__Auth__Authority",
        "Presence__Auth__Audience",
    };

    /// <summary>Set only when a deployment names an OTLP collector; azd has no output for it.</summary>
    public const string Optional = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>A storage key in an app setting: never in Azure, where the identity reaches storage.</summary>
    public const string StorageConnectionString = "Presence__Storage__ConnectionString";
}
