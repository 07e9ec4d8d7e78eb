using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.History;

/// <summary>
/// A tenant's history writer (key: tenant id): numbers every publication of the tenant stream, stores it, and only then
/// puts it on the feed stream, so that anything a live client saw can be replayed from history by its id.
/// </summary>
[ImplicitStreamSubscription(PresenceStreams.TenantNamespace)]
public sealed class HistoryRecorderGrain(IPresenceHistory history, IOptions<HistoryOptions> options, TimeProvider time)
    : Grain, IHistoryRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<AgentPresence>
{
    private long _lastId = -1;
    private IAsyncStream<PresenceEvent> _feed = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _feed = this.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<PresenceEvent>(StreamId.Create(PresenceStreams.FeedNamespace, this.GetPrimaryKeyString()));
        this.RegisterGrainTimer(PruneAsync, new GrainTimerCreationOptions(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        return base.OnActivateAsync(cancellationToken);
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<AgentPresence>().ResumeAsync(this);
    }

    public async Task OnNextAsync(AgentPresence item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var span = PresenceTelemetry.Start(PresenceTelemetry.HistoryRecordSpan, ActivityKind.Consumer, StreamTraceContext.Extract());
        if (_lastId < 0)
        {
            _lastId = await history.GetLastEventIdAsync(this.GetPrimaryKeyString());
        }

        var presenceEvent = new PresenceEvent(++_lastId, item);
        span?.SetTag(TelemetryTags.FeedId, presenceEvent.Id);
        await history.AppendAsync(this.GetPrimaryKeyString(), [presenceEvent]);
        StreamTraceContext.Inject(span);
        await _feed.OnNextAsync(presenceEvent);
    }

    public Task RecordWindowAsync(DisconnectionWindow window) => history.AppendWindowAsync(this.GetPrimaryKeyString(), window);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private Task PruneAsync(CancellationToken cancellationToken) =>
        history.PruneAsync(this.GetPrimaryKeyString(), time.GetUtcNow() - options.Value.Retention, cancellationToken);
}
