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

    /// <summary>
    /// Set at provision time only when given. azure.yaml leaves them out: azd deploy writes every entry it names
    /// into the new revision, and would turn an unset one into an empty string.
    /// </summary>
    public static readonly IReadOnlySet<string> Optional = new SortedSet<string>(StringComparer.Ordinal)
    {
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "Presence__Platform__BaseUrl",
        "Presence__Platform__TenantId",
        "Presence__Platform__ClientId",
        "Presence__Auth__Audience",
    };

    /// <summary>A storage key in an app setting: never in Azure, where the identity reaches storage.</summary>
    public const string StorageConnectionString = "Presence__Storage__ConnectionString";
}
