using PresenceGrains.Platform.Logging;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class SecretRedactorTests
{
    private const string Token = "eyJhbGciOi.J9-abc_DEF~123";

    [Fact]
    public void The_access_token_of_a_channel_url_is_masked_and_the_rest_kept()
    {
        var url = new Uri($"wss://platform.example/api/v2/presence?access_token={Token}&tenant=demo");

        var redacted = SecretRedactor.Redact(url);

        Assert.Equal("wss://platform.example/api/v2/presence?access_token=***&tenant=demo", redacted);
    }

    [Fact]
    public void An_escaped_token_in_the_query_is_masked()
    {
        var redacted = SecretRedactor.Redact("GET /api/v2/presence?ACCESS_TOKEN=ab%2Bcd%3D%3D HTTP/1.1");

        Assert.Equal("GET /api/v2/presence?ACCESS_TOKEN=*** HTTP/1.1", redacted);
    }

    [Theory]
    [InlineData("Authorization: Bearer " + Token, "Authorization: Bearer ***")]
    [InlineData("Authorization: Basic cHJlc2VuY2UtZGVtbzpzZWNyZXQ=", "Authorization: Basic ***")]
    [InlineData("{\"access_token\":\"" + Token + "\",\"token_type\":\"bearer\"}", "{\"access_token\":\"***\",\"token_type\":\"bearer\"}")]
    [InlineData("{\"client_secret\" : \"s3cr\\\"et\"}", "{\"client_secret\":\"***\"}")]
    [InlineData("grant_type=client_credentials&client_secret=presence-demo-secret", "grant_type=client_credentials&client_secret=***")]
    public void Credentials_in_headers_json_and_forms_are_masked(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Fact]
    public void Ordinary_text_is_left_alone()
    {
        const string text = "Tenant demo: channel lost: closed by the platform (NormalClosure token expired)";

        Assert.Equal(text, SecretRedactor.Redact(text));
    }

    [Fact]
    public void An_exception_chain_is_described_without_the_token()
    {
        var inner = new HttpRequestException($"Connection refused (ws://127.0.0.1:5000/api/v2/presence?access_token={Token})");
        var outer = new InvalidOperationException("Handshake failed", inner);

        var described = SecretRedactor.Describe(outer);

        Assert.DoesNotContain(Token, described);
        Assert.Equal("InvalidOperationException: Handshake failed ---> HttpRequestException: Connection refused (ws://127.0.0.1:5000/api/v2/presence?access_token=***)", described);
    }

    [Fact]
    public void Long_platform_text_is_cut_so_a_frame_cannot_flood_the_log()
    {
        var redacted = SecretRedactor.Redact(new string('a', 10_000));

        Assert.Equal(SecretRedactor.MaxTextLength + 1, redacted.Length);
        Assert.EndsWith("…", redacted);
    }
}
