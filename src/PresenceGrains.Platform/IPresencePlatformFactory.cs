namespace PresenceGrains.Platform;

/// <summary>Creates the platform client of one tenant; the connector grain owns what it gets and disposes it.</summary>
public interface IPresencePlatformFactory
{
    /// <summary>
    /// A new client for <paramref name="tenantId"/>, from that tenant's registered options. Throws
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming every problem when they are invalid
    /// or missing.
    /// </summary>
    IPresencePlatform Create(string tenantId);
}
