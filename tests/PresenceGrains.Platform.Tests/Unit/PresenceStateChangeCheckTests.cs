using System.Text;
using System.Text.Json;
using CsCheck;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>
/// The hand-written delta check never accepts what the schema refuses (it answers only "certainly valid"), and it does
/// accept the deltas platforms actually send, or it would save nothing.
/// </summary>
public sealed class PresenceStateChangeCheckTests
{
    private static readonly string[] Signals = ["available", "notReady", "onCall", "wrapUp", "offline", "online", "ringing", "inUse"];

    // Values for one string field: good ones, and every way the schema can refuse one.
    private static readonly Gen<string> Ids = Mostly(
        Gen.OneOf(Gen.Const("\"user-1\""), Gen.Const("\"\\u00e9t\\u00e9\""), Gen.Const("\"😀\"")),
        Gen.Const("\"\""), Gen.Const("null"), Gen.Const("17"), Gen.Const("[]"),
        Gen.Int[120, 132].Select(n => $"\"{new string('x', n)}\""));

    private static readonly Gen<string> States = Mostly(
        Gen.Int[0, Signals.Length - 1].Select(i => $"\"{Signals[i]}\""), Gen.Const("\"Available\""), Gen.Const("\"busy\""), Gen.Const("null"), Gen.Const("3"));

    private static readonly Gen<string> Times = Mostly(
        Gen.OneOf(Gen.Const("\"2026-11-28T09:00:00Z\""), Gen.Const("\"2026-11-28T09:00:00.123Z\""), Gen.Const("\"2026-11-28T09:00:00.1234567+01:00\"")),
        Gen.Const("\"2026-11-28T09:00:00.12345678Z\""), Gen.Const("\"2026-11-28 09:00:00Z\""), Gen.Const("\"2026-11-28t09:00:00z\""),
        Gen.Const("\"2026-02-30T09:00:00Z\""), Gen.Const("\"2026-11-28T24:00:00Z\""), Gen.Const("\"2026-12-31T23:59:60Z\""),
        Gen.Const("\"2026-11-28T09:00:00\""), Gen.Const("\"2026-11-28T09:00:00+25:00\""), Gen.Const("\"2026-11-28T09:00:00-14:00\""),
        Gen.Const("\"yesterday\""), Gen.Const("1732784400"), Gen.Const("null"));

    private static readonly Gen<string> Texts = Mostly(
        Gen.OneOf(Gen.Const("\"incoming_call\""), Gen.Const("\"\"")), Gen.Const("null"), Gen.Const("false"),
        Gen.Int[60, 70].Select(n => $"\"{new string('r', n)}\""), Gen.Int[250, 260].Select(n => $"\"{new string('r', n)}\""));

    private static readonly Gen<string> Priorities = Mostly(
        Gen.Int[0, 4].Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[-1, 5].Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("2.0"), Gen.Const("2.5"), Gen.Const("1e0"), Gen.Const("\"2\""));

    private static readonly Gen<string> DeviceState =
        from id in Ids
        from state in States
        from time in Times
        from fields in Fields(("deviceId", id), ("state", state), ("timestamp", time))
        select fields;

    private static readonly Gen<string> DeviceStates = Mostly(
        DeviceState.Array[0, 3].Select(items => $"[{string.Join(",", items)}]"),
        Gen.Const("[" + string.Join(",", Enumerable.Repeat("{\"deviceId\":\"d\",\"state\":\"online\",\"timestamp\":\"2026-11-28T09:00:00Z\"}", 17)) + "]"),
        Gen.Const("null"), Gen.Const("[1]"), Gen.Const("{}"));

    private static readonly Gen<string> Composite =
        from user in Ids
        from state in States
        from priority in Priorities
        from devices in DeviceStates
        from fields in Fields(("userId", user), ("state", state), ("priority", priority), ("deviceStates", devices))
        select fields;

    private static readonly Gen<string> Frames =
        from eventType in Mostly(Gen.Const("\"presenceStateChange\""), Gen.Const("\"heartbeat\""), Gen.Const("\"presence\\u0053tateChange\""), Gen.Const("null"))
        from user in Ids
        from device in Ids
        from state in States
        from status in Texts
        from updated in Times
        from reason in Texts
        from composite in Mostly(Composite, Gen.Const("null"), Gen.Const("\"composite\""))
        from fields in Fields(
            ("eventType", eventType), ("userId", user), ("deviceId", device), ("state", state), ("statusCode", status),
            ("lastUpdated", updated), ("reason", reason), ("compositeState", composite))
        select fields;

    [Fact]
    public void It_never_accepts_a_delta_the_schema_refuses() =>
        Frames.Sample(
            text =>
            {
                using var document = JsonDocument.Parse(text);
                return !PresenceStateChangeCheck.IsCertainlyValid(document.RootElement)
                    || ProtocolSchemas.EvaluateSchema(SchemaKind.PresenceStateChange, document.RootElement).IsValid;
            },
            iter: 20_000);

    [Fact]
    public void What_it_reads_is_what_the_serializer_reads_from_the_same_delta() =>
        Frames.Sample(
            text =>
            {
                using var document = JsonDocument.Parse(text);
                if (!PresenceStateChangeCheck.TryRead(document.RootElement, out var read))
                {
                    return true;
                }

                var serialized = document.RootElement.Deserialize(ProtocolJsonContext.Default.PresenceStateChange);
                return JsonSerializer.Serialize(read, ProtocolJsonContext.Default.PresenceStateChange)
                    == JsonSerializer.Serialize(serialized, ProtocolJsonContext.Default.PresenceStateChange);
            },
            iter: 20_000);

    [Fact]
    public void The_generated_frames_reach_both_answers_so_the_property_above_means_something()
    {
        var accepted = 0;
        var refused = 0;
        Frames.Sample(
            text =>
            {
                using var document = JsonDocument.Parse(text);
                if (PresenceStateChangeCheck.IsCertainlyValid(document.RootElement))
                {
                    accepted++;
                }
                else
                {
                    refused++;
                }
            },
            iter: 5_000,
            threads: 1);

        Assert.True(accepted > 50, $"only {accepted} frames were accepted");
        Assert.True(refused > 50, $"only {refused} frames were refused");
    }

    [Theory]
    [InlineData("""{"eventType":"presenceStateChange","userId":"u","deviceId":"d","state":"onCall","statusCode":"onCall","lastUpdated":"2024-05-12T14:32:10.452Z","reason":"incoming_call","compositeState":{"userId":"u","state":"onCall","priority":4,"deviceStates":[{"deviceId":"d","state":"onCall","timestamp":"2024-05-12T14:32:10.452Z"}]}}""")]
    [InlineData("""{"eventType":"presenceStateChange","userId":"u","deviceId":null,"state":"notReady","statusCode":"break","lastUpdated":"2024-05-12T14:32:10Z","reason":null,"compositeState":{"userId":"u","state":"notReady","priority":1,"deviceStates":[]}}""")]
    [InlineData("""{"eventType":"presenceStateChange","userId":"u","state":"available","statusCode":"","lastUpdated":"2024-05-12T14:32:10.4520000+02:00","compositeState":{"userId":"u","state":"available","priority":0,"deviceStates":[]}}""")]
    public void It_accepts_the_deltas_of_the_seed_protocol(string text)
    {
        using var document = JsonDocument.Parse(text);

        Assert.True(PresenceStateChangeCheck.IsCertainlyValid(document.RootElement));
        Assert.True(ProtocolSchemas.EvaluateSchema(SchemaKind.PresenceStateChange, document.RootElement).IsValid);
    }

    [Fact]
    public void A_duplicated_property_is_left_to_the_schema()
    {
        const string Text = """{"eventType":"presenceStateChange","userId":"u","userId":"v","state":"online","statusCode":"","lastUpdated":"2024-05-12T14:32:10Z","compositeState":{"userId":"u","state":"online","priority":0,"deviceStates":[]}}""";
        using var document = JsonDocument.Parse(Text);

        Assert.False(PresenceStateChangeCheck.IsCertainlyValid(document.RootElement));
    }

    /// <summary>The first generator nine times in ten, else one of the others: most fields good, a few bad.</summary>
    private static Gen<string> Mostly(Gen<string> usual, params Gen<string>[] others) =>
        Gen.Frequency((9 * others.Length, usual), (others.Length, Gen.OneOf(others)));

    /// <summary>An object of these fields, each left out now and then, sometimes with an extra one, in any order.</summary>
    private static Gen<string> Fields(params (string Name, string Value)[] fields) =>
        from keep in Gen.Bool.Array[fields.Length]
        from dropSome in Gen.Int[0, 9]
        from extra in Gen.Int[0, 19]
        from order in Gen.Int.Array[fields.Length]
        select Render(fields, keep, dropSome == 0, extra == 0, order);

    private static string Render((string Name, string Value)[] fields, bool[] keep, bool dropSome, bool extra, int[] order)
    {
        var kept = fields.Where((_, i) => !dropSome || keep[i]).Select((f, i) => (f, order[Array.IndexOf(fields, f)])).OrderBy(x => x.Item2).Select(x => x.f).ToList();
        var text = new StringBuilder("{");
        text.AppendJoin(",", kept.Select(f => $"\"{f.Name}\":{f.Value}"));
        if (extra)
        {
            text.Append(kept.Count > 0 ? "," : "").Append("\"extra\":1");
        }

        return text.Append('}').ToString();
    }
}
