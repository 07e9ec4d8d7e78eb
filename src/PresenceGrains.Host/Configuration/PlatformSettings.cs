using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace PresenceGrains.Host.Configuration;

/// <summary>
/// The CCaaS platform this service follows (section <c>Presence:Platform</c>). <see cref="Kind"/> picks the protocol;
/// with the seed protocol and no <see cref="BaseUrl"/> the host starts the bundled emulator in-process and follows it:
/// the embedded default (which follows the emulator's Genesys mode when that is its mode).
/// </summary>
public sealed partial class PlatformSettings : IValidatableObject
{
    public const string Section = "Presence:Platform";

    /// <summary>Seed (default) or GenesysCloud.</summary>
    public PlatformKind Kind { get; set; } = PlatformKind.Seed;

    /// <summary>The seed platform's address; unset or empty (with <see cref="PlatformKind.Seed"/>) means the embedded emulator.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Genesys Cloud: the organisation's region, e.g. <c>mypurecloud.com</c>, <c>mypurecloud.ie</c>, <c>usw2.pure.cloud</c>.</summary>
    public string? Region { get; set; }

    /// <summary>Genesys Cloud: the login host's base instead of a region (an emulator, a proxy).</summary>
    public Uri? LoginBaseUrl { get; set; }

    /// <summary>Genesys Cloud: the API host's base instead of a region.</summary>
    public Uri? ApiBaseUrl { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Presence:Platform:TenantId must be 1–64 letters, digits, '_' or '-'.")]
    public string TenantId { get; set; } = "demo";

    public string? ClientId { get; set; }

    /// <summary>The client secret; in Azure it comes from Key Vault instead (<see cref="KeyVaultUri"/>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Key Vault holding the client secret; read with the host's identity, it takes precedence over <see cref="ClientSecret"/>.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>The name of the client secret in <see cref="KeyVaultUri"/>.</summary>
    public string ClientSecretName { get; set; } = "platform-client-secret";

    public bool IsEmbedded => Kind == PlatformKind.Seed && BaseUrl is null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Kind))
        {
            yield return new ValidationResult("Presence:Platform:Kind must be Seed or GenesysCloud.", [nameof(Kind)]);
            yield break;
        }

        if (IsEmbedded)
        {
            yield break;
        }

        var problems = Kind == PlatformKind.GenesysCloud ? GenesysProblems() : SeedProblems();
        foreach (var problem in problems.Concat(CredentialProblems()))
        {
            yield return problem;
        }
    }

    private IEnumerable<ValidationResult> SeedProblems()
    {
        if (BaseUrl is { IsAbsoluteUri: false } || BaseUrl?.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Presence:Platform:BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        if (Region is not null || LoginBaseUrl is not null || ApiBaseUrl is not null)
        {
            yield return new ValidationResult(
                "Presence:Platform:Region, LoginBaseUrl and ApiBaseUrl are for Kind GenesysCloud; set Presence:Platform:Kind=GenesysCloud or remove them.",
                [nameof(Kind)]);
        }
    }

    private IEnumerable<ValidationResult> GenesysProblems()
    {
        if (BaseUrl is not null)
        {
            yield return new ValidationResult(
                "Presence:Platform:BaseUrl is for the seed protocol; with Kind GenesysCloud set Presence:Platform:Region (or LoginBaseUrl and ApiBaseUrl).",
                [nameof(BaseUrl)]);
        }

        var hasBases = LoginBaseUrl is not null || ApiBaseUrl is not null;
        if (string.IsNullOrWhiteSpace(Region) == !hasBases)
        {
            yield return new ValidationResult(
                "Presence:Platform:Region (e.g. mypurecloud.com, mypurecloud.ie, usw2.pure.cloud) is required with Kind GenesysCloud, "
                + "or Presence:Platform:LoginBaseUrl and ApiBaseUrl instead; not both.",
                [nameof(Region)]);
        }
        else if (!string.IsNullOrWhiteSpace(Region) && !RegionName().IsMatch(Region.Trim()))
        {
            yield return new ValidationResult(
                "Presence:Platform:Region must be a Genesys Cloud region's domain such as mypurecloud.com or usw2.pure.cloud.", [nameof(Region)]);
        }
        else if (hasBases && !(IsHttp(LoginBaseUrl) && IsHttp(ApiBaseUrl)))
        {
            yield return new ValidationResult(
                "Presence:Platform:LoginBaseUrl and Presence:Platform:ApiBaseUrl must both be absolute http(s) URLs.", [nameof(LoginBaseUrl), nameof(ApiBaseUrl)]);
        }
    }

    private IEnumerable<ValidationResult> CredentialProblems()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Presence:Platform:ClientId is required when the platform is not the embedded emulator.", [nameof(ClientId)]);
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
                "Presence:Platform needs ClientSecret or KeyVaultUri (with ClientSecretName) when the platform is not the embedded emulator.",
                [nameof(ClientSecret), nameof(KeyVaultUri)]);
        }
    }

    private static bool IsHttp(Uri? url) => url is { IsAbsoluteUri: true, Scheme: "http" or "https" };

    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex KeyVaultSecretName();

    [GeneratedRegex("^[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63}){1,4}$")]
    private static partial Regex RegionName();
}
