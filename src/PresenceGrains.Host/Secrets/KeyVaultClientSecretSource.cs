using Azure.Security.KeyVault.Secrets;
using PresenceGrains.Platform.Auth;

namespace PresenceGrains.Host.Secrets;

/// <summary>
/// The platform client secret from Azure Key Vault (<c>Presence:Platform:KeyVaultUri</c> and <c>ClientSecretName</c>),
/// read with the host's identity at every token request, so a rotated secret needs no restart. A failure (no access, no
/// such secret, vault unreachable) fails that token request and the channel retries with its backoff.
/// </summary>
public sealed class KeyVaultClientSecretSource(SecretClient vault, string secretName) : IClientSecretSource
{
    public async ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret = await vault.GetSecretAsync(secretName, cancellationToken: cancellationToken);
        return string.IsNullOrEmpty(secret.Value)
            ? throw new InvalidOperationException($"Key Vault secret '{secretName}' in {vault.VaultUri} is empty.")
            : secret.Value;
    }
}
