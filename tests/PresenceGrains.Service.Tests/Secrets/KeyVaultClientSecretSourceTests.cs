using System.Net;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using PresenceGrains.Host.Secrets;

namespace PresenceGrains.Service.Tests.Secrets;

/// <summary>
/// The client secret read from Key Vault through the real SecretClient. The vault's HTTP answers and the identity are
/// stand-ins: there is no Azure here.
/// </summary>
public sealed class KeyVaultClientSecretSourceTests
{
    private static readonly Uri Vault = new("https://kv-presence.vault.azure.net/");

    [Fact]
    public async Task The_secret_is_read_by_its_configured_name_with_the_identitys_token_at_every_call()
    {
        var vault = new VaultStandIn(HttpStatusCode.OK, """{"value":"from-the-vault","id":"https://kv-presence.vault.azure.net/secrets/platform-client-secret/1"}""");
        var source = new KeyVaultClientSecretSource(Client(vault), "platform-client-secret");

        Assert.Equal("from-the-vault", await source.GetClientSecretAsync("demo", "presence-demo", default));
        Assert.Equal("from-the-vault", await source.GetClientSecretAsync("demo", "presence-demo", default));

        // A rotated secret needs no restart: each token request reads the vault again.
        var reads = vault.Requests.Where(r => r.Authorization is not null).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal("/secrets/platform-client-secret", r.Path));
        Assert.All(reads, r => Assert.Equal("Bearer identity-token", r.Authorization));
    }

    [Fact]
    public async Task A_vault_that_refuses_fails_the_read_with_its_status()
    {
        var vault = new VaultStandIn(HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"no access"}}""");
        var source = new KeyVaultClientSecretSource(Client(vault), "platform-client-secret");

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => source.GetClientSecretAsync("demo", "presence-demo", default).AsTask());

        Assert.Equal(403, failure.Status);
    }

    private static SecretClient Client(VaultStandIn vault) =>
        new(Vault, new IdentityStandIn(), new SecretClientOptions
        {
            Transport = new HttpClientTransport(new HttpClient(vault)),
            Retry = { MaxRetries = 0 },
        });

    /// <summary>Key Vault's side: the bearer challenge to an unauthenticated request, then the given answer.</summary>
    private sealed class VaultStandIn(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(string Path, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.Authorization?.ToString();
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.AbsolutePath, authorization));
            }

            if (authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation(
                    "WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"");
                return Task.FromResult(challenge);
            }

            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class IdentityStandIn : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("identity-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
