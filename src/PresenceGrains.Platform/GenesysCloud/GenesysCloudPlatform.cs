using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Subscriptions;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// One Genesys Cloud organisation (one OAuth client) behind <see cref="IPresencePlatform"/>: the Notifications API over
/// as many channels as the watched users need, REST snapshots from the bulk users endpoint, and the mapping of
/// docs/genesys-mapping.md. Plain .NET; the connector grain owns one per tenant.
/// </summary>
public sealed class GenesysCloudPlatform : IPresencePlatform
{
    private readonly GenesysCloudOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlatformMetrics _metrics;
    private readonly OAuthTokenProvider _tokens;
    private readonly ChannelStatusTracker _status;
    private readonly ChannelsClient _channels;
    private readonly UsersSnapshotClient _snapshots;
    private readonly ArrivalStamps _stamps = new();
    private readonly UndeclaredPropertyLog _undeclared;
    private readonly CancellationTokenSource _lifetime = new();
    private Task? _running;
    private int _runs;

    /// <param name="options">Validated here; an invalid set throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</param>
    /// <param name="httpClient">For the token and REST calls; owned by the caller.</param>
    /// <param name="clientSecretSource">A secret store; when null the secret comes from the options.</param>
    public GenesysCloudPlatform(
        GenesysCloudOptions options,
        HttpClient httpClient,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IClientSecretSource? clientSecretSource = null,
        PlatformMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        new GenesysCloudOptionsValidator(secretFromConfiguration: clientSecretSource is null).EnsureValid(options);

        _options = options;
        var common = options.Common;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GenesysCloudPlatform>();
        _metrics = metrics ?? PlatformMetrics.Shared;
        var undeclared = _undeclared = new UndeclaredPropertyLog(_logger, _metrics, common.TenantId);
        _tokens = new OAuthTokenProvider(
            httpClient, common, new PlatformEndpoints(options.ResolvedLoginBase!), clientSecretSource ?? new ConfiguredClientSecretSource(common.ClientSecret),
            _time, _logger, _metrics, undeclared, GenesysTokenReader.Read);
        _status = new ChannelStatusTracker(_time, common.StaleThreshold, common.RecentDisconnectionsCapacity);
        var endpoints = new GenesysEndpoints(options.ResolvedApiBase!);
        var rest = new PlatformRestClient(httpClient, _tokens, new RestPacer(_time, common.RestRequestsPerSecond), common, _time, _logger);
        _channels = new ChannelsClient(rest, endpoints, _time);
        _snapshots = new UsersSnapshotClient(rest, endpoints, options, _stamps, _time);
    }

    public ChannelStatus Status => _status.Snapshot(_tokens.ExpiresAt, _tokens.Refreshes);

    public IAsyncEnumerable<PlatformEvent> RunAsync(WatchSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        IReadOnlyList<IReadOnlyList<string>> shards;
        try
        {
            shards = TopicPlan.Shard(subscription.AgentIds, _options);
        }
        catch (SubscriptionRefusedException ex)
        {
            PlatformLog.SubscriptionRefused(_logger, _options.Common.TenantId, ex.Reason);
            throw;
        }

        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        return RunChannelsAsync(shards, [.. subscription.AgentIds.Distinct(StringComparer.Ordinal)], cancellationToken);
    }

    public Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        _snapshots.GetSnapshotsAsync(agentIds, cancellationToken);

    public Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken) =>
        _snapshots.GetSnapshotAsync(agentId, cancellationToken);

    /// <summary>
    /// Genesys Cloud has no presence-correction API: its presence and routing history are its own record, written as the
    /// platform saw them, and nothing accepts an outside note about a window. So nothing is sent; the service's own
    /// history keeps the window and the corrected state (docs/genesys-mapping.md).
    /// </summary>
    public Task SendCorrectionsAsync(IReadOnlyCollection<CorrectionRequest> corrections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        if (corrections.Count > 0)
        {
            GenesysLog.CorrectionsNotSent(_logger, _options.Common.TenantId, corrections.Count);
        }

        return Task.CompletedTask;
    }

    public void DriftRepaired(ResnapshotRequired request, int changedAgents)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (changedAgents > 0)
        {
            _metrics.AgentsRepaired(_options.Common.TenantId, request.Cause, changedAgents);
            PlatformLog.DriftRepaired(_logger, _options.Common.TenantId, changedAgents, request.AgentIds.Count, request.Cause);
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

    private async IAsyncEnumerable<PlatformEvent> RunChannelsAsync(
        IReadOnlyList<IReadOnlyList<string>> shards,
        IReadOnlyCollection<string> watchedAgents,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _runs, 1) == 1)
        {
            throw new InvalidOperationException($"The channels of tenant '{_options.Common.TenantId}' are already running; one client owns them.");
        }

        var common = _options.Common;
        GenesysLog.Sharded(_logger, common.TenantId, watchedAgents.Count, shards.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var buffer = new EventBuffer(
            common.EventBufferCapacity, common.BackPressureTimeout, common.MaxShedAgentIds, watchedAgents, _status, _time, _logger, common.TenantId);
        using var sink = new GenesysEventSink(buffer);
        var states = new ShardStates(shards.Count, _status, sink, _time);
        var runners = shards.Select((users, i) => new ShardRunner(i, users, _channels, _tokens, _options, sink, states, _status, _stamps, _undeclared, _time, _logger)).ToList();
        var antiEntropy = new AntiEntropy([.. watchedAgents], _status, buffer, (e, ct) => sink.PublishAsync(e, ct).AsTask(), common, _time, _logger);

        // Task.Run: the channels run on the thread pool, never on the caller's scheduler (a grain's, for the connector).
        var producer = Task.Run(() => buffer.FillFromAsync(ct => Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(ct), CancellationToken.None))), stop.Token), CancellationToken.None);
        var rereading = Task.Run(() => antiEntropy.RunAsync(stop.Token), CancellationToken.None);
        _running = producer;
        try
        {
            await foreach (var platformEvent in buffer.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                yield return platformEvent;
            }

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
