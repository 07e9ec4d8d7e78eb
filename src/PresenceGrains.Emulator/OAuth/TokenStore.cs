using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PresenceGrains.Emulator.OAuth;

/// <summary>Issues opaque bearer tokens and answers whether a presented one is usable. Tokens are random, never logged.</summary>
internal sealed class TokenStore(EmulatorOptions options, EmulatorFaults faults, TimeProvider time)
{
    /// <summary>Above this many tokens, issuing one first forgets those that expired long ago, so memory stays bounded.</summary>
    private const int PurgeThreshold = 10_000;

    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public (string Value, IssuedToken Token) Issue(TenantOptions tenant, IReadOnlySet<string> scopes)
    {
        var now = time.GetUtcNow();
        if (_tokens.Count > PurgeThreshold)
        {
            Purge(now);
        }

        var lifetime = faults.TokenLifetime ?? options.TokenLifetime;
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new IssuedToken(tenant, scopes, now, now + lifetime);
        _tokens[value] = token;
        return (value, token);
    }

    public TokenCheck Check(string? value, out IssuedToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(value))
        {
            return TokenCheck.Missing;
        }

        if (!_tokens.TryGetValue(value, out token))
        {
            return TokenCheck.Invalid;
        }

        return token.CheckAt(time.GetUtcNow());
    }

    /// <summary>Every issued token expires now.</summary>
    public void ExpireAll()
    {
        var now = time.GetUtcNow();
        foreach (var token in _tokens.Values)
        {
            token.ExpireBy(now);
        }
    }

    public void RevokeAll()
    {
        foreach (var token in _tokens.Values)
        {
            token.Revoke();
        }
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var (value, token) in _tokens)
        {
            if (token.ExpiresAt + options.TokenLifetime < now)
            {
                _tokens.TryRemove(value, out _);
            }
        }
    }
}
