using System.Text;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Platform.GenesysCloud;

namespace PresenceGrains.Platform.Tests.Unit.Genesys;

/// <summary>Socket frames as Genesys sends them (shapes of platform-protocols §2a), judged by the shared schemas.</summary>
public sealed class NotificationReaderTests
{
    [Fact]
    public void A_presence_event_is_read_with_its_modified_date()
    {
        var message = Read("""{"topicName":"v2.users.u-1.presence","version":"2","eventBody":{"source":"PURECLOUD","presenceDefinition":{"id":"p","systemPresence":"ON_QUEUE"},"primary":true,"modifiedDate":"2026-12-04T10:00:00.000Z"},"metadata":{"CorrelationId":"c"}}""");

        Assert.Equal(new NotificationMessage.Presence("u-1", GenesysSystemPresence.OnQueue, new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)), message);
    }

    [Fact]
    public void A_routing_status_event_is_read_from_its_nested_status()
    {
        var message = Read("""{"topicName":"v2.users.u-1.routingStatus","version":"2","eventBody":{"routingStatus":{"status":"INTERACTING","startTime":"2026-12-04T10:00:01.000Z"}},"metadata":{"CorrelationId":"c"}}""");

        Assert.Equal(new NotificationMessage.Routing("u-1", GenesysRoutingStatus.Interacting, new DateTimeOffset(2026, 12, 4, 10, 0, 1, TimeSpan.Zero)), message);
    }

    [Theory]
    [InlineData("""{"message":"WebSocket Heartbeat"}""", typeof(NotificationMessage.Heartbeat))]
    [InlineData("""{"message":"pong"}""", typeof(NotificationMessage.Pong))]
    public void Channel_metadata_is_a_heartbeat_or_a_pong(string body, Type expected) =>
        Assert.IsType(expected, Read($$"""{"topicName":"channel.metadata","eventBody":{{body}}}"""));

    [Theory]
    [InlineData("not json", true)]
    [InlineData("""{"topicName":"v2.users.u-1.routingStatus","eventBody":{"routingStatus":{"status":"LUNCH","startTime":"2026-12-04T10:00:01.000Z"}}}""", false)]
    [InlineData("""{"topicName":"v2.users.u-1.presence","eventBody":{"presenceDefinition":{"systemPresence":"On Queue"}}}""", false)]
    public void A_frame_that_breaks_its_schema_is_rejected_with_a_reason(string frame, bool malformed)
    {
        var invalid = Assert.IsType<NotificationMessage.Invalid>(Read(frame));

        Assert.Equal(malformed, invalid.Malformed);
        Assert.NotEmpty(invalid.Problem);
    }

    private static NotificationMessage Read(string frame) => NotificationReader.Read(Encoding.UTF8.GetBytes(frame));
}
