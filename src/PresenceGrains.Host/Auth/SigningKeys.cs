using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PresenceGrains.Host.Auth;

/// <summary>The key locally issued tokens are signed and checked with: configured, or random for this process only.</summary>
public sealed class SigningKeys
{
    public SigningKeys(AuthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bytes = settings.SigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : RandomNumberGenerator.GetBytes(32);
        Key = new SymmetricSecurityKey(bytes);
        Credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
    }

    public SymmetricSecurityKey Key { get; }

    public SigningCredentials Credentials { get; }
}
