namespace PresenceGrains.Host.Auth;

/// <summary>The scopes and claims the API understands.</summary>
public static class PresenceScopes
{
    public const string Read = "presence:read";
    public const string Admin = "presence:admin";

    /// <summary>The claim naming the one tenant a token may see.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>OAuth's space-separated scope claim (Entra ID uses <c>scp</c>).</summary>
    public static readonly string[] ScopeClaims = ["scope", "scp"];

    public const string ReadPolicy = "presence-read";
    public const string AdminPolicy = "presence-admin";
}
