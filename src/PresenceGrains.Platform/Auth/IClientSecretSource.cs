namespace PresenceGrains.Platform.Auth;

/// <summary>
/// Supplies the OAuth client secret of a tenant from a secret store (Key Vault in Azure). Registered in DI, it replaces
/// <see cref="SeedProtocol.PlatformOptions.ClientSecret"/>; the secret is read each time a token is requested, so a
/// rotated secret is picked up without a restart. A source that throws fails that token request, which the channel
/// retries with its backoff; the exception's message is redacted and logged, so it must not carry the secret either.
/// </summary>
public interface IClientSecretSource
{
    ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken);
}
