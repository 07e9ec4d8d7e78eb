using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Configuration;

/// <summary>
/// The CCaaS platform this service follows (section <c>Presence:Platform</c>). With no <see cref="BaseUrl"/> the host
/// starts the bundled emulator in-process and follows it: the embedded default.
/// </summary>
public sealed class PlatformSettings : IValidatableObject
{
    public const string Section = "Presence:Platform";

    public Uri? BaseUrl { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Presence:Platform:TenantId must be 1–64 letters, digits, '_' or '-'.")]
    public string TenantId { get; set; } = "demo";

    public string? ClientId { get; set; }

    /// <summary>The client secret; in Azure it comes from Key Vault instead (<see cref="KeyVaultUri"/>).</summary>
    public string? ClientSecret { get; set; }

    public Uri? KeyVaultUri { get; set; }

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

        if (string.IsNullOrEmpty(ClientSecret) && KeyVaultUri is null)
        {
            yield return new ValidationResult(
                "Presence:Platform needs ClientSecret or KeyVaultUri (with ClientSecretName) when BaseUrl is set.",
                [nameof(ClientSecret), nameof(KeyVaultUri)]);
        }
    }
}
