using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>
/// A platform adds fields with every release: a message is not refused for a property its schema does not declare,
/// and it still is for everything the schema does say.
/// </summary>
public sealed class UndeclaredPropertyTests
{
    private const string Delta = """
        {"eventType":"presenceStateChange","userId":"u","deviceId":"d","state":"onCall","statusCode":"onCall",
         "lastUpdated":"2024-05-12T14:32:10.452Z","reason":"incoming_call","routingSkillsV2":{"skills":["fr"],"token":"hush"},
         "compositeState":{"userId":"u","state":"onCall","priority":4,"site":"lyon","deviceStates":[
           {"deviceId":"d","state":"onCall","timestamp":"2024-05-12T14:32:10.452Z","firmware":"1.2"},
           {"deviceId":"e","state":"online","timestamp":"2024-05-12T14:30:05.112Z","firmware":"1.3"}]}}
        """;

    [Fact]
    public void A_delta_with_undeclared_properties_at_every_level_is_read_as_without_them()
    {
        var log = new ListLogger();
        var undeclared = new UndeclaredPropertyLog(log, PlatformMetrics.Shared, "undeclared-read");

        var frame = Assert.IsType<DeltaFrame>(FrameDecoder.Decode(Encoding.UTF8.GetBytes(Delta), undeclared));

        Assert.Equal(new PresenceDelta("u", "d", PresenceSignal.OnCall, DateTimeOffset.Parse("2024-05-12T14:32:10.452Z"), "incoming_call"), frame.Delta);
        Assert.Equal(
            ["compositeState.deviceStates[].firmware", "compositeState.site", "routingSkillsV2"],
            log.Properties.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"userId\":\"u\",\"deviceId\"", "\"deviceId\"")]                 // a required field missing
    [InlineData("\"priority\":4", "\"priority\":\"4\"")]                             // a required field of the wrong type
    [InlineData("\"state\":\"onCall\",\"statusCode\"", "\"state\":\"busy\",\"statusCode\"")] // an unknown state
    [InlineData("\"lastUpdated\":\"2024-05-12T14:32:10.452Z\"", "\"lastUpdated\":\"yesterday\"")] // a time that is none
    public void A_delta_with_undeclared_properties_still_fails_for_what_the_schema_declares(string part, string broken)
    {
        Assert.Contains(part, Delta, StringComparison.Ordinal);
        var log = new ListLogger();

        var frame = FrameDecoder.Decode(Encoding.UTF8.GetBytes(Delta.Replace(part, broken, StringComparison.Ordinal)), new UndeclaredPropertyLog(log, PlatformMetrics.Shared, "undeclared-broken"));

        Assert.Equal(FrameRejection.SchemaInvalid, Assert.IsType<RejectedFrame>(frame).Reason);
        Assert.Empty(log.Properties);
    }

    [Fact]
    public void Heartbeats_acknowledgements_and_rest_answers_with_undeclared_properties_are_read()
    {
        var heartbeat = FrameDecoder.Decode(Encoding.UTF8.GetBytes("""{"eventType":"heartbeat","timestamp":"2024-05-12T14:32:10Z","seq":7}"""));
        var subscribed = FrameDecoder.Decode(Encoding.UTF8.GetBytes("""{"eventType":"subscribed","users":2,"devices":0,"timestamp":"2024-05-12T14:32:10Z","region":"eu"}"""));
        var snapshot = ValidatedJson.Read(
            Encoding.UTF8.GetBytes("""{"users":[{"userId":"u","state":"available","statusCode":"available","lastUpdated":"2024-05-12T14:35:22.891Z","devices":[],"presenceVersion":3}],"notFound":[],"page":1}"""),
            SchemaKind.BulkSnapshot,
            ProtocolJsonContext.Default.BulkSnapshot,
            "Bulk snapshot");

        Assert.IsType<HeartbeatFrame>(heartbeat);
        Assert.Equal(new SubscribedFrame(2, 0, DateTimeOffset.Parse("2024-05-12T14:32:10Z")), subscribed);
        Assert.Equal("u", Assert.Single(snapshot.Users).UserId);
    }

    [Fact]
    public void Each_property_is_logged_once_by_name_never_with_its_value_and_counted_every_time()
    {
        var log = new ListLogger();
        var tenant = $"undeclared-{Guid.NewGuid():N}";
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == PlatformMetrics.UndeclaredProperties)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (values[TelemetryTags.TenantDimension] == tenant)
            {
                counted.Add($"{values[TelemetryTags.MessageDimension]} {values[TelemetryTags.PropertyDimension]}");
            }
        });
        listener.Start();
        var undeclared = new UndeclaredPropertyLog(log, PlatformMetrics.Shared, tenant);

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<DeltaFrame>(FrameDecoder.Decode(Encoding.UTF8.GetBytes(Delta), undeclared));
        }

        Assert.Equal(3, log.Lines.Count);
        Assert.DoesNotContain(log.Lines, line => line.Contains("hush", StringComparison.Ordinal) || line.Contains("lyon", StringComparison.Ordinal));
        Assert.Equal(9, counted.Count);
        Assert.Equal(3, counted.Count(c => c == "PresenceStateChange routingSkillsV2"));
    }

    [Fact]
    public void Past_the_limit_new_names_are_counted_as_other_and_not_logged()
    {
        var log = new ListLogger();
        var undeclared = new UndeclaredPropertyLog(log, PlatformMetrics.Shared, "undeclared-flood");

        for (var i = 0; i < UndeclaredPropertyLog.MaxNames + 10; i++)
        {
            undeclared.Saw(SchemaKind.Heartbeat, [$"invented{i}"]);
        }

        Assert.Equal(UndeclaredPropertyLog.MaxNames, log.Lines.Count);
    }

    [Fact]
    public void Without_keeps_every_declared_value_and_drops_only_the_undeclared()
    {
        using var document = JsonDocument.Parse(Delta);

        using var declared = UndeclaredProperties.Without(SchemaKind.PresenceStateChange, document.RootElement);

        Assert.Empty(UndeclaredProperties.Find(SchemaKind.PresenceStateChange, declared.RootElement));
        Assert.True(ProtocolSchemas.EvaluateSchema(SchemaKind.PresenceStateChange, declared.RootElement).IsValid);
        Assert.Equal(2, declared.RootElement.GetProperty("compositeState").GetProperty("deviceStates").GetArrayLength());
        Assert.Equal("incoming_call", declared.RootElement.GetProperty("reason").GetString());
    }

    /// <summary>Keeps the formatted lines and the property each one names.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public List<string> Properties { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "Property").Value is string property)
            {
                Properties.Add(property);
            }
        }
    }
}
