using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Auth;

/// <summary>
/// The tenant's OAuth access token (client credentials, seed edge case 3). A token is replaced per
/// <see cref="TokenRefreshPolicy"/> (60 s before expiry, half-life for short-lived ones); a token the platform rejected
/// with 401 is dropped at once; an expired token is never handed out. Concurrent callers share one request.
/// </summary>
internal sealed class OAuthTokenProvider : IDisposable
{
    private readonly HttpClient _http;
    private readonly PlatformOptions _options;
    private readonly PlatformEndpoints _endpoints;
    private readonly IClientSecretSource _secrets;
    private readonly TokenRefreshPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlatformMetrics _metrics;
    private readonly UndeclaredPropertyLog? _undeclared;
    private readonly Func<byte[], string, TokenResponse> _readToken;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private AccessToken? _current;
    private Task<AccessToken>? _refreshing;
    private bool _hadToken;
    private bool _rejected;
    private long _refreshes;

    public OAuthTokenProvider(
        HttpClient http,
        PlatformOptions options,
        PlatformEndpoints endpoints,
        IClientSecretSource secrets,
        TimeProvider time,
        ILogger logger,
        PlatformMetrics metrics,
        UndeclaredPropertyLog? undeclared = null,
        Func<byte[], string, TokenResponse>? readToken = null)
    {
        _readToken = readToken ?? ((body, operation) =>
            ValidatedJson.Read(body, SchemaKind.TokenResponse, ProtocolJsonContext.Default.TokenResponse, operation, undeclared));
        _undeclared = undeclared;
        _http = http;
        _options = options;
        _endpoints = endpoints;
        _secrets = secrets;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _policy = new TokenRefreshPolicy(options.TokenRefreshMargin);
    }

    /// <summary>Tokens obtained to replace an earlier one (expiring, expired or rejected).</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>When the current token expires; null when there is none.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return _current?.ExpiresAt;
            }
        }
    }

    /// <summary>A token that is valid now and not yet due for refresh, requesting a new one when needed.</summary>
    public async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<AccessToken> refresh;
        lock (_gate)
        {
            if (_current is { } current && !_policy.ShouldRefresh(current, _time.GetUtcNow()))
            {
                return current;
            }

            // Task.Run: the request starts outside the lock, and its completion (which clears _refreshing under the
            // lock) cannot run before this assignment.
            refresh = _refreshing ??= Task.Run(RefreshAsync);
        }

        try
        {
            return await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformRequestException) when (StillUsable() is { } stillValid)
        {
            // Inside the refresh margin the old token is still good: a brief token-endpoint outage must not stop the
            // channel. It is never used past its expiry (StillUsable checks).
            return stillValid;
        }
    }

    /// <summary>The platform answered 401 to this token: it is never used again.</summary>
    public void Reject(AccessToken token)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, token))
            {
                return;
            }

            _current = null;
            _rejected = true;
        }

        PlatformLog.TokenRejected(_logger, _options.TenantId, token.ExpiresAt);
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private AccessToken? StillUsable()
    {
        lock (_gate)
        {
            return TokenRefreshPolicy.IsUsable(_current, _time.GetUtcNow()) ? _current : null;
        }
    }

    private async Task<AccessToken> RefreshAsync()
    {
        try
        {
            var token = await RequestAsync(_lifetime.Token).ConfigureAwait(false);
            bool replaced, afterRejection;
            lock (_gate)
            {
                replaced = _hadToken;
                afterRejection = _rejected;
                if (replaced)
                {
                    _refreshes++;
                }

                _hadToken = true;
                _rejected = false;
                _current = token;
            }

            if (replaced)
            {
                _metrics.TokenRefreshed(_options.TenantId, afterRejection);
            }

            PlatformLog.TokenIssued(_logger, _options.TenantId, token.ExpiresAt, _policy.RefreshAt(token));
            return token;
        }
        catch (PlatformRequestException ex)
        {
            PlatformLog.TokenRequestFailed(_logger, _options.TenantId, ex.Message);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = null;
            }
        }
    }

    private async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        const string operation = "Token request";
        var secret = await ReadSecretAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.Token)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{secret}")));

        // The lifetime counts from before the request: the platform's clock started no later than that.
        var requestedAt = _time.GetUtcNow();
        var answer = await PlatformExchange.SendAsync(_http, request, _options, _time, operation, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { } failure)
        {
            throw new PlatformRequestException($"{operation} for tenant '{_options.TenantId}' failed: {failure}");
        }

        if (!answer.IsSuccess)
        {
            throw Refused(answer);
        }

        var issued = _readToken(answer.Body, operation);

        // Genesys sends no scope (its permissions come from the client's roles); the seed protocol always does.
        var scopes = issued.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new AccessToken(issued.AccessToken, requestedAt, requestedAt + TimeSpan.FromSeconds(issued.ExpiresIn), scopes);
    }

    /// <summary>
    /// The secret from its source. A store that fails (unreachable, no permission) fails this token request like an
    /// unreachable platform would: the channel retries with backoff instead of stopping.
    /// </summary>
    private async Task<string> ReadSecretAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _secrets.GetClientSecretAsync(_options.TenantId, _options.ClientId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or PlatformRequestException))
        {
            throw new PlatformRequestException(
                $"Reading the client secret of tenant '{_options.TenantId}' (client '{_options.ClientId}') failed: {SecretRedactor.Describe(ex)}");
        }
    }

    private PlatformRequestException Refused(PlatformAnswer answer)
    {
        // The OAuth error code (invalid_client, …) says what is wrong; its description is the platform's text, redacted.
        string detail;
        try
        {
            var error = ValidatedJson.Read(answer.Body, SchemaKind.OAuthError, ProtocolJsonContext.Default.OAuthError, "Token error", _undeclared);
            detail = $"{error.Error} {SecretRedactor.Redact(error.ErrorDescription)}".TrimEnd();
        }
        catch (PlatformRequestException)
        {
            detail = "no OAuth error body";
        }

        var status = answer.Status;
        return new PlatformRequestException(
            $"Token request for tenant '{_options.TenantId}' (client '{_options.ClientId}') was refused: {(int)status} {status} ({detail}).",
            status,
            answer.RetryAfter);
    }
}
