using System.Text;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Channel;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class FrameDecoderTests
{
    private const string DeviceDelta = """
        {"eventType":"presenceStateChange","userId":"user-id-1","deviceId":"device-id-a","state":"onCall","statusCode":"onCall",
         "lastUpdated":"2024-05-12T14:32:10.452Z","reason":"incoming_call",
         "compositeState":{"userId":"user-id-1","state":"onCall","priority":4,"deviceStates":[
           {"deviceId":"device-id-a","state":"onCall","timestamp":"2024-05-12T14:32:10.452Z"},
           {"deviceId":"device-id-b","state":"available","timestamp":"2024-05-12T14:30:05.112Z"}]}}
        """;

    private static DecodedFrame Decode(string text) => FrameDecoder.Decode(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_device_delta_of_seed_section_2_maps_to_the_domain()
    {
        var frame = Assert.IsType<DeltaFrame>(Decode(DeviceDelta));

        Assert.Equal(
            new PresenceDelta("user-id-1", "device-id-a", PresenceSignal.OnCall, DateTimeOffset.Parse("2024-05-12T14:32:10.452Z"), "incoming_call"),
            frame.Delta);
        Assert.Equal(PresenceLevel.OnCall, frame.PlatformComposite);
    }

    [Fact]
    public void A_user_level_delta_has_no_device_and_the_composite_comes_from_its_state()
    {
        const string text = """
            {"eventType":"presenceStateChange","userId":"u","deviceId":null,"state":"notReady","statusCode":"break",
             "lastUpdated":"2024-05-12T14:32:10Z","reason":null,
             "compositeState":{"userId":"u","state":"wrapUp","priority":3,"deviceStates":[]}}
            """;

        var frame = Assert.IsType<DeltaFrame>(Decode(text));

        Assert.True(frame.Delta.IsUserLevel);
        Assert.Equal(PresenceSignal.NotReady, frame.Delta.Signal);
        Assert.Equal(PresenceLevel.WrapUp, frame.PlatformComposite);
    }

    [Fact]
    public void Heartbeat_ack_and_error_frames_are_recognised()
    {
        Assert.Equal(
            new HeartbeatFrame(DateTimeOffset.Parse("2024-05-12T14:32:10Z")),
            Decode("""{"eventType":"heartbeat","timestamp":"2024-05-12T14:32:10Z"}"""));
        Assert.Equal(
            new SubscribedFrame(2, 3, DateTimeOffset.Parse("2024-05-12T14:32:10Z")),
            Decode("""{"eventType":"subscribed","users":2,"devices":3,"global":false,"timestamp":"2024-05-12T14:32:10Z"}"""));
        Assert.Equal(
            new ErrorFrameReceived(401, "token expired"),
            Decode("""{"eventType":"error","code":401,"message":"token expired"}"""));
    }

    [Theory]
    [InlineData("{\"eventType\":\"heartbeat\"")]
    [InlineData("not json")]
    [InlineData("")]
    public void Text_that_is_not_json_is_malformed(string text) =>
        Assert.Equal(FrameRejection.Malformed, Assert.IsType<RejectedFrame>(Decode(text)).Reason);

    [Theory]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"timestamp\":\"2024-05-12T14:32:10Z\"}", "not an object with a string eventType")]
    [InlineData("{\"eventType\":\"queuePosition\",\"position\":3}", "unknown eventType 'queuePosition'")]
    [InlineData("{\"eventType\":\"heartbeat\",\"timestamp\":\"yesterday\"}", "Heartbeat")]
    [InlineData("{\"eventType\":\"heartbeat\",\"extra\":1}", "timestamp")] // an undeclared property does not stand in for a required one
    public void Json_that_breaks_the_schema_is_schema_invalid(string text, string problem)
    {
        var rejected = Assert.IsType<RejectedFrame>(Decode(text));

        Assert.Equal(FrameRejection.SchemaInvalid, rejected.Reason);
        Assert.Contains(problem, rejected.Problem);
    }

    [Fact]
    public void A_delta_with_an_unknown_state_is_schema_invalid()
    {
        var rejected = Assert.IsType<RejectedFrame>(Decode(DeviceDelta.Replace("\"state\":\"onCall\",\"statusCode\"", "\"state\":\"routing\",\"statusCode\"")));

        Assert.Equal(FrameRejection.SchemaInvalid, rejected.Reason);
        Assert.Contains("/state", rejected.Problem);
    }

    [Fact]
    public void A_composite_of_another_user_is_schema_invalid()
    {
        var rejected = Assert.IsType<RejectedFrame>(Decode(DeviceDelta.Replace("\"compositeState\":{\"userId\":\"user-id-1\"", "\"compositeState\":{\"userId\":\"user-id-2\"")));

        Assert.Contains("another user", rejected.Problem);
    }

    [Fact]
    public void A_deeply_nested_frame_is_malformed_not_a_stack_hazard()
    {
        var deep = new string('[', 100) + new string(']', 100);

        Assert.Equal(FrameRejection.Malformed, Assert.IsType<RejectedFrame>(Decode(deep)).Reason);
    }
}
