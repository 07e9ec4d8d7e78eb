using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Platform.SeedProtocol;

/// <summary>Builds <see cref="SeedProtocolPlatform"/> clients from the per-tenant named <see cref="PlatformOptions"/>.</summary>
internal sealed class SeedProtocolPlatformFactory(
    IOptionsMonitor<PlatformOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILoggerFactory loggers,
    PlatformMetrics metrics,
    IClientSecretSource? secretSource = null) : IPresencePlatformFactory
{
    /// <summary>The name of the <see cref="HttpClient"/> the platform clients use; configure it for proxies or handlers.</summary>
    public const string HttpClientName = "PresenceGrains.SeedProtocol";

    public IPresencePlatform Create(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new SeedProtocolPlatform(options.Get(tenantId), httpClients.CreateClient(HttpClientName), time, loggers, secretSource, metrics);
    }
}
