namespace PresenceGrains.Emulator.OAuth;

/// <summary>What the platform knows about a token it issued. The token's value is the key it is stored under, never a field.</summary>
internal sealed class IssuedToken(TenantOptions tenant, IReadOnlySet<string> scopes, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    private long _expiresAtTicks = expiresAt.UtcTicks;
    private volatile bool _revoked;

    public TenantOptions Tenant { get; } = tenant;

    public IReadOnlySet<string> Scopes { get; } = scopes;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt => new(Interlocked.Read(ref _expiresAtTicks), TimeSpan.Zero);

    public bool Revoked => _revoked;

    public void ExpireBy(DateTimeOffset at)
    {
        long current;
        while (at.UtcTicks < (current = Interlocked.Read(ref _expiresAtTicks)))
        {
            Interlocked.CompareExchange(ref _expiresAtTicks, at.UtcTicks, current);
        }
    }

    public void Revoke() => _revoked = true;

    /// <summary>Whether the token may be used at <paramref name="now"/>, and why not.</summary>
    public TokenCheck CheckAt(DateTimeOffset now) =>
        _revoked ? TokenCheck.Revoked : now >= ExpiresAt ? TokenCheck.Expired : TokenCheck.Valid;
}

/// <summary>The result of looking a presented token up.</summary>
internal enum TokenCheck
{
    Valid,
    Missing,
    Invalid,
    Expired,
    Revoked,
}

/// <summary>Words for a refused token, for a 401's description.</summary>
internal static class TokenCheckText
{
    public static string Describe(this TokenCheck check) => check switch
    {
        TokenCheck.Valid => "valid",
        TokenCheck.Missing => "no token",
        TokenCheck.Expired => "the token expired",
        TokenCheck.Revoked => "the token was revoked",
        _ => "unknown token",
    };
}
