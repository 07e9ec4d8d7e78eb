using System.Diagnostics;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>A delta's way through the service is one trace, from the channel to the live-feed client.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DeltaTraceTests(TelemetryFixture fixture)
{
    private const string OrleansCalls = "Microsoft.Orleans.Application";
    private const string RpcService = "orleans.rpc.service";

    [Fact]
    public void One_state_change_is_one_connected_trace_from_receive_through_device_and_agent_to_publish_and_the_feed()
    {
        var receive = fixture.Spans
            .Where(s => s.OperationName == PlatformTelemetry.DeltaReceiveSpan && Tag(s, TelemetryTags.Device) == fixture.DeviceId
                && Tag(s, TelemetryTags.Signal) == "OnCall")
            .MinBy(s => s.StartTimeUtc);
        Assert.NotNull(receive);
        var trace = fixture.Spans.Where(s => s.TraceId == receive.TraceId).ToList();

        // One delta, one trace: the user-level delta the platform pushed with it has a trace of its own.
        Assert.Single(trace, s => s.OperationName == PlatformTelemetry.DeltaReceiveSpan);
        Assert.Equal(default, receive.ParentSpanId);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != receive), s => Assert.Contains(s.ParentSpanId, ids));

        // The live-feed send descends from the receive through every stage, the grain calls included.
        var send = Assert.Single(trace, s => s.OperationName == PresenceTelemetry.FeedSendSpan);
        Assert.Equal(fixture.FeedEventId.ToString(System.Globalization.CultureInfo.InvariantCulture), Tag(send, TelemetryTags.FeedId));
        var path = Ancestry(send, trace);
        Assert.Equal(
            [
                PresenceTelemetry.FeedSendSpan, PresenceTelemetry.HistoryRecordSpan, PresenceTelemetry.PublishSpan,
                PresenceTelemetry.AgentApplySpan, PresenceTelemetry.DispatchSpan, PlatformTelemetry.DeltaReceiveSpan,
            ],
            path.Where(s => s.Source.Name != OrleansCalls).Select(s => s.OperationName));
        Assert.Contains(path, s => s.Source.Name == OrleansCalls && s.Kind == ActivityKind.Server && Tag(s, RpcService)?.EndsWith(".IAgentInbox", StringComparison.Ordinal) == true);

        // One grain hop: the agent judged the device delta inside the connector's call, and published the raise.
        Assert.DoesNotContain(trace, s => s.Source.Name == OrleansCalls && Tag(s, RpcService)?.EndsWith(".IDeviceInbox", StringComparison.Ordinal) == true && s.Kind == ActivityKind.Server && s.StartTimeUtc < receive.StartTimeUtc);
        var agentApply = Assert.Single(trace, s => s.OperationName == PresenceTelemetry.AgentApplySpan);
        Assert.Equal("Applied", Tag(agentApply, TelemetryTags.Outcome));
        Assert.NotNull(Tag(agentApply, TelemetryTags.Device));
        Assert.EndsWith(".IAgentInbox", Tag(trace.Single(s => s.SpanId == agentApply.ParentSpanId), RpcService), StringComparison.Ordinal);
        var publish = Assert.Single(trace, s => s.OperationName == PresenceTelemetry.PublishSpan);
        Assert.Equal((fixture.AgentId, "OnCall"), (Tag(publish, TelemetryTags.Agent), Tag(publish, TelemetryTags.State)));

        // The workbook's latency percentiles read these from the span: Available to OnCall is a raise.
        Assert.Equal((TelemetryFixture.Tenant, "raise"), (Tag(publish, TelemetryTags.Tenant), Tag(publish, PresenceTelemetry.DirectionTag)));
        var latency = Assert.IsType<double>(publish.GetTagItem(PresenceTelemetry.LatencyTag));
        Assert.InRange(latency, 0, 30_000);
    }

    private static List<Activity> Ancestry(Activity span, List<Activity> trace)
    {
        var path = new List<Activity> { span };
        while (trace.FirstOrDefault(s => s.SpanId == path[^1].ParentSpanId) is { } parent)
        {
            path.Add(parent);
        }

        return path;
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key) switch
    {
        null => null,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };
}
