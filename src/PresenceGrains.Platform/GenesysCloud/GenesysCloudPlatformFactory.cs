using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Builds <see cref="GenesysCloudPlatform"/> clients from the per-tenant named <see cref="GenesysCloudOptions"/>.</summary>
internal sealed class GenesysCloudPlatformFactory(
    IOptionsMonitor<GenesysCloudOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILoggerFactory loggers,
    PlatformMetrics metrics,
    IClientSecretSource? secretSource = null) : IPresencePlatformFactory
{
    /// <summary>The name of the <see cref="HttpClient"/> the Genesys clients use.</summary>
    public const string HttpClientName = "PresenceGrains.GenesysCloud";

    public IPresencePlatform Create(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new GenesysCloudPlatform(options.Get(tenantId), httpClients.CreateClient(HttpClientName), time, loggers, secretSource, metrics);
    }
}
