namespace PresenceGrains.Domain.Channel;

/// <summary>
/// An OAuth access token with its lifetime. <see cref="ToString"/> never prints the value, so a token that reaches a log
/// by accident still does not leak.
/// </summary>
public sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt, IReadOnlyCollection<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (expiresAt <= issuedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A token must expire after it was issued.");
        }

        Value = value;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        Scopes = scopes ?? [];
    }

    public string Value { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public IReadOnlyCollection<string> Scopes { get; }

    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
