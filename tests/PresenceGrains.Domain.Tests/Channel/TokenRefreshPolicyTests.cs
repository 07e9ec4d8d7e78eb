namespace PresenceGrains.Domain.Tests.Channel;

/// <summary>Design §4: refresh 60 s before expiry, at half-life for short tokens, never use an expired token.</summary>
public sealed class TokenRefreshPolicyTests
{
    private static AccessToken TokenLasting(TimeSpan lifetime) => new("secret-value", Clock.T0, Clock.T0 + lifetime);

    [Fact]
    public void A_token_is_refreshed_sixty_seconds_before_it_expires()
    {
        var token = TokenLasting(TimeSpan.FromHours(1));
        var policy = new TokenRefreshPolicy();

        Assert.Equal(token.ExpiresAt.AddSeconds(-60), policy.RefreshAt(token));
        Assert.False(policy.ShouldRefresh(token, token.ExpiresAt.AddSeconds(-61)));
        Assert.True(policy.ShouldRefresh(token, token.ExpiresAt.AddSeconds(-60)));
    }

    [Theory]
    [InlineData(120, 60)]
    [InlineData(119, 59.5)]
    [InlineData(100, 50)]
    [InlineData(2, 1)]
    public void A_token_shorter_than_two_margins_is_refreshed_at_half_life(int lifetimeSeconds, double refreshAfterSeconds)
    {
        var token = TokenLasting(TimeSpan.FromSeconds(lifetimeSeconds));

        Assert.Equal(Clock.T0.AddSeconds(refreshAfterSeconds), new TokenRefreshPolicy().RefreshAt(token));
    }

    [Fact]
    public void A_missing_token_must_be_fetched() => Assert.True(new TokenRefreshPolicy().ShouldRefresh(null, Clock.T0));

    [Fact]
    public void An_expired_token_is_never_usable()
    {
        var token = TokenLasting(TimeSpan.FromHours(1));

        Assert.True(TokenRefreshPolicy.IsUsable(token, token.ExpiresAt.AddTicks(-1)));
        Assert.False(TokenRefreshPolicy.IsUsable(token, token.ExpiresAt));
        Assert.False(TokenRefreshPolicy.IsUsable(token, token.ExpiresAt.AddDays(1)));
        Assert.False(TokenRefreshPolicy.IsUsable(null, Clock.T0));
    }

    [Fact]
    public void The_margin_is_configurable_but_not_negative()
    {
        var token = TokenLasting(TimeSpan.FromHours(1));

        Assert.Equal(token.ExpiresAt.AddMinutes(-5), new TokenRefreshPolicy(TimeSpan.FromMinutes(5)).RefreshAt(token));
        Assert.Equal(TokenRefreshPolicy.DefaultMargin, new TokenRefreshPolicy().Margin);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenRefreshPolicy(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => new TokenRefreshPolicy().RefreshAt(null!));
    }
}
