using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Creates the platform adapter a tenant's connector owns. The seam through which the host plugs the seed protocol client
/// (or a Genesys/NICE adapter) and tests plug a scripted one.
/// </summary>
public interface IPresencePlatformFactory
{
    IPresencePlatform Create(string tenantId);
}
