using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Auth;

/// <summary>
/// How API callers are authenticated (section <c>Presence:Auth</c>). With an <see cref="Authority"/> (Entra ID in
/// Azure) tokens are validated against its published keys; without one, against <see cref="SigningKey"/>, the key the
/// development token endpoint signs with.
/// </summary>
public sealed class AuthSettings : IValidatableObject
{
    public const string Section = "Presence:Auth";

    /// <summary>The OpenID Connect authority (for example https://login.microsoftonline.com/{tenant}/v2.0).</summary>
    public Uri? Authority { get; set; }

    [Required]
    public string Audience { get; set; } = "presencegrains";

    /// <summary>The issuer of locally signed tokens.</summary>
    [Required]
    public string Issuer { get; set; } = "presencegrains-local";

    /// <summary>Base64 HMAC key (at least 32 bytes) for locally signed tokens; a random one per process when empty.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Enables <c>POST /auth/dev-token</c>, answered on loopback only. Off unless configured.</summary>
    public bool DevTokens { get; set; }

    /// <summary>Lifetime of development tokens.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is not null && DevTokens)
        {
            yield return new ValidationResult("Presence:Auth:DevTokens cannot be on with an external Authority.", [nameof(DevTokens)]);
        }

        if (SigningKey is { Length: > 0 } key && !IsStrongKey(key))
        {
            yield return new ValidationResult("Presence:Auth:SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
    }

    private static bool IsStrongKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32;
    }
}
