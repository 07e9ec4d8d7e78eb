namespace PresenceGrains.Platform.Auth;

/// <summary>The client secret from configuration (<see cref="SeedProtocol.PlatformOptions.ClientSecret"/>).</summary>
internal sealed class ConfiguredClientSecretSource(string? secret) : IClientSecretSource
{
    public ValueTask<string> GetClientSecretAsync(string tenantId, string clientId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(secret)
            ? throw new InvalidOperationException($"No client secret is configured for tenant '{tenantId}' (client '{clientId}').")
            : ValueTask.FromResult(secret);
}
