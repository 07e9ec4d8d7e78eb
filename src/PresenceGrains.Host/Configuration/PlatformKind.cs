namespace PresenceGrains.Host.Configuration;

/// <summary>Which platform protocol the service follows (<c>Presence:Platform:Kind</c>).</summary>
public enum PlatformKind
{
    /// <summary>The seed protocol: the bundled emulator, or a platform that speaks it (<c>BaseUrl</c>).</summary>
    Seed = 0,

    /// <summary>A Genesys Cloud organisation's Notifications API (<c>Region</c>, or <c>LoginBaseUrl</c> + <c>ApiBaseUrl</c>).</summary>
    GenesysCloud = 1,
}
