using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Corrections;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.Snapshots;
using PresenceGrains.Platform.Subscriptions;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.SeedProtocol;

/// <summary>
/// One tenant of a seed-protocol platform (the emulator, or a platform speaking the seed protocol): the OAuth token,
/// the WebSocket presence channel with reconnection, REST snapshots and corrections. Plain .NET; the connector grain
/// owns one per tenant.
/// </summary>
public sealed class SeedProtocolPlatform : IPresencePlatform
{
    private readonly PlatformOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlatformMetrics _metrics;
    private readonly OAuthTokenProvider _tokens;
    private readonly ChannelConnector _connector;
    private readonly ChannelStatusTracker _status;
    private readonly SnapshotClient _snapshots;
    private readonly CorrectionSender _corrections;
    private readonly UndeclaredPropertyLog _undeclared;
    private readonly CancellationTokenSource _lifetime = new();
    private Task? _running;
    private int _runs;

    /// <param name="options">Validated here; an invalid set throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</param>
    /// <param name="httpClient">For the token and REST calls; owned by the caller.</param>
    /// <param name="clientSecretSource">A secret store; when null the secret comes from <see cref="PlatformOptions.ClientSecret"/>.</param>
    /// <param name="metrics">The instruments to count on; <see cref="PlatformMetrics.Shared"/> when null.</param>
    public SeedProtocolPlatform(
        PlatformOptions options,
        HttpClient httpClient,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IClientSecretSource? clientSecretSource = null,
        PlatformMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        new PlatformOptionsValidator(secretFromConfiguration: clientSecretSource is null).EnsureValid(options);

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SeedProtocolPlatform>();
        _metrics = metrics ?? PlatformMetrics.Shared;
        var endpoints = new PlatformEndpoints(options.BaseUrl!);
        _undeclared = new UndeclaredPropertyLog(_logger, _metrics, options.TenantId);
        _tokens = new OAuthTokenProvider(
            httpClient, options, endpoints, clientSecretSource ?? new ConfiguredClientSecretSource(options.ClientSecret), _time, _logger, _metrics, _undeclared);
        _connector = new ChannelConnector(_tokens, endpoints, options, _time, _logger);
        _status = new ChannelStatusTracker(_time, options.StaleThreshold, options.RecentDisconnectionsCapacity);
        var rest = new PlatformRestClient(httpClient, _tokens, new RestPacer(_time, options.RestRequestsPerSecond), options, _time, _logger);
        _snapshots = new SnapshotClient(rest, endpoints, options, _time, _logger, _undeclared);
        _corrections = new CorrectionSender(rest, endpoints, options);
    }

    public string TenantId => _options.TenantId;

    public ChannelStatus Status => _status.Snapshot(_tokens.ExpiresAt, _tokens.Refreshes);

    public IAsyncEnumerable<PlatformEvent> RunAsync(WatchSubscription subscription, CancellationToken cancellationToken)
    {
        var request = SubscriptionRequestFactory.Create(subscription);
        try
        {
            SubscriptionGuard.EnsureSafe(request);
        }
        catch (SubscriptionRefusedException ex)
        {
            PlatformLog.SubscriptionRefused(_logger, _options.TenantId, ex.Reason);
            throw;
        }

        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.SubscriptionRequest);
        return RunChannelAsync(payload, [.. subscription.AgentIds], subscription.DeviceIds, cancellationToken);
    }

    public Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        _snapshots.GetSnapshotsAsync(agentIds, cancellationToken);

    public Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken) =>
        _snapshots.GetSnapshotAsync(agentId, cancellationToken);

    public Task SendCorrectionsAsync(IReadOnlyCollection<CorrectionRequest> corrections, CancellationToken cancellationToken) =>
        _corrections.SendAsync(corrections, cancellationToken);

    public void DriftRepaired(ResnapshotRequired request, int changedAgents)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (changedAgents > 0)
        {
            _metrics.AgentsRepaired(_options.TenantId, request.Cause, changedAgents);
            PlatformLog.DriftRepaired(_logger, _options.TenantId, changedAgents, request.AgentIds.Count, request.Cause);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_running is { } running)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _tokens.Dispose();
        _lifetime.Dispose();
    }

    private async IAsyncEnumerable<PlatformEvent> RunChannelAsync(
        byte[] subscription,
        IReadOnlyCollection<string> watchedAgents,
        IReadOnlyCollection<string> watchedDevices,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _runs, 1) == 1)
        {
            throw new InvalidOperationException($"The channel of tenant '{_options.TenantId}' is already running; one client owns one channel.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var buffer = new EventBuffer(
            _options.EventBufferCapacity, _options.BackPressureTimeout, _options.MaxShedAgentIds, watchedAgents, _status, _time, _logger, _options.TenantId);
        var overlap = new OverlapDeduplicator();
        var session = new ChannelSession(buffer, _status, _tokens, _options, _time, _logger, _metrics)
        {
            Undeclared = _undeclared,
            Overlap = overlap,
            Gaps = new CompositeGapFiller(watchedDevices),
        };
        var rotation = new SocketRotation(_connector, session, overlap, watchedAgents, _options, _time, _logger);
        var runner = new ChannelRunner(_connector, session, rotation, buffer, _status, _options, _time, _logger, _metrics);
        var antiEntropy = new AntiEntropy([.. watchedAgents], _status, buffer, session.PublishAsync, _options, _time, _logger);

        // Task.Run: the channel runs on the thread pool, never on the caller's scheduler (a grain's, for the connector).
        var producer = Task.Run(() => buffer.FillFromAsync(ct => runner.RunAsync(subscription, ct), stop.Token), CancellationToken.None);
        var rereading = Task.Run(() => antiEntropy.RunAsync(stop.Token), CancellationToken.None);
        _running = producer;
        try
        {
            await foreach (var platformEvent in buffer.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                yield return platformEvent;
            }

            // The producer only completes the buffer on cancellation or a fault; surface a fault here.
            await producer.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await rereading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _status.TrySetState(ChannelState.Idle);
            Interlocked.Exchange(ref _runs, 0);
        }
    }
}
