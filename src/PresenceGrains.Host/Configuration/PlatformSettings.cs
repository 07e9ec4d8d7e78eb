using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace PresenceGrains.Host.Configuration;

/// <summary>
/// The CCaaS platform this service follows (section <c>Presence:Platform</c>). With no <see cref="BaseUrl"/> the host
/// starts the bundled emulator in-process and follows it: the embedded default.
/// </summary>
public sealed partial class PlatformSettings : IValidatableObject
{
    public const string Section = "Presence:Platform";

    /// <summary>The platform's address; unset or empty means the embedded emulator.</summary>
    public Uri? BaseUrl { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Presence:Platform:TenantId must be 1–64 letters, digits, '_' or '-'.")]
    public string TenantId { get; set; } = "demo";

    public string? ClientId { get; set; }

    /// <summary>The client secret; in Azure it comes from Key Vault instead (<see cref="KeyVaultUri"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Key Vault holding the client secret; read with the host's identity, it takes precedence over <see cref="ClientSecret"/>.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>The name of the client secret in <see cref="KeyVaultUri"/>.</summary>
    public string ClientSecretName { get; set; } = "platform-client-secret";

    public bool IsEmbedded => BaseUrl is null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEmbedded)
        {
            yield break;
        }

        if (BaseUrl is { IsAbsoluteUri: false } || BaseUrl?.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Presence:Platform:BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Presence:Platform:ClientId is required when BaseUrl is set.", [nameof(ClientId)]);
        }

        if (KeyVaultUri is { } vault && (!vault.IsAbsoluteUri || vault.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Presence:Platform:KeyVaultUri must be an absolute https URL.", [nameof(KeyVaultUri)]);
        }

        if (KeyVaultUri is not null && !KeyVaultSecretName().IsMatch(ClientSecretName ?? ""))
        {
            yield return new ValidationResult(
                "Presence:Platform:ClientSecretName must be a Key Vault secret name: 1–127 letters, digits or dashes.", [nameof(ClientSecretName)]);
        }

        if (string.IsNullOrEmpty(ClientSecret) && KeyVaultUri is null)
        {
            yield return new ValidationResult(
                "Presence:Platform needs ClientSecret or KeyVaultUri (with ClientSecretName) when BaseUrl is set.",
                [nameof(ClientSecret), nameof(KeyVaultUri)]);
        }
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex KeyVaultSecretName();
}
