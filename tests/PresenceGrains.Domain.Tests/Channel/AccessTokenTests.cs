namespace PresenceGrains.Domain.Tests.Channel;

public sealed class AccessTokenTests
{
    [Fact]
    public void Printing_a_token_never_shows_its_value()
    {
        var token = new AccessToken("eyJhbGciOi.secret-part", Clock.T0, Clock.T0.AddHours(1), ["presence:subscribe"]);

        var printed = token.ToString();

        Assert.DoesNotContain("secret-part", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", printed, StringComparison.Ordinal);
        Assert.Contains(token.ExpiresAt.ToString("O"), printed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", $"token {token}", StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_keeps_its_value_lifetime_and_scopes()
    {
        var token = new AccessToken("value", Clock.T0, Clock.T0.AddHours(1), ["presence:subscribe", "user:read"]);

        Assert.Equal("value", token.Value);
        Assert.Equal((Clock.T0, Clock.T0.AddHours(1)), (token.IssuedAt, token.ExpiresAt));
        Assert.Equal(["presence:subscribe", "user:read"], token.Scopes);
        Assert.Empty(new AccessToken("value", Clock.T0, Clock.T0.AddHours(1)).Scopes);
    }

    [Fact]
    public void Invalid_tokens_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new AccessToken("", Clock.T0, Clock.T0.AddHours(1)));
        Assert.Throws<ArgumentNullException>(() => new AccessToken(null!, Clock.T0, Clock.T0.AddHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AccessToken("value", Clock.T0, Clock.T0));
    }
}
