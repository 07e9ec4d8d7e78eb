namespace PresenceGrains.Domain.Channel;

/// <summary>
/// When to refresh an OAuth token (seed edge case 3, design §4): 60 s before expiry, and an expired token is never used.
/// A token whose whole life is shorter than twice the margin (test platforms issue such) is refreshed at half-life,
/// so the client still uses each token for a while instead of refreshing on every call.
/// </summary>
public sealed class TokenRefreshPolicy
{
    public static readonly TimeSpan DefaultMargin = TimeSpan.FromSeconds(60);

    public TokenRefreshPolicy(TimeSpan? margin = null)
    {
        Margin = margin ?? DefaultMargin;
        ArgumentOutOfRangeException.ThrowIfLessThan(Margin, TimeSpan.Zero);
    }

    public TimeSpan Margin { get; }

    /// <summary>The instant from which the token should be replaced.</summary>
    public DateTimeOffset RefreshAt(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lifetime = token.ExpiresAt - token.IssuedAt;
        var lead = lifetime < Margin * 2 ? lifetime / 2 : Margin;
        return token.ExpiresAt - lead;
    }

    /// <summary>True once the refresh instant has come (or the token is gone).</summary>
    public bool ShouldRefresh(AccessToken? token, DateTimeOffset now) => token is null || now >= RefreshAt(token);

    /// <summary>An expired token is never usable, even for a single handshake.</summary>
    public static bool IsUsable(AccessToken? token, DateTimeOffset now) => token is not null && now < token.ExpiresAt;
}
