using System.Diagnostics;
using PresenceGrains.Emulator;

namespace PresenceGrains.Service.Tests.Telemetry;

/// <summary>
/// Nothing the host exports holds a credential: not the platform's access tokens it was issued, not the token a
/// live-feed client put in its query string, not the platform client secret. Every span (names, attributes, events,
/// links), every metric dimension and every log record (message and state values) is read.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretScanTests(TelemetryFixture fixture)
{
    [Fact]
    public void No_exported_span_metric_or_log_record_holds_a_token_or_the_client_secret()
    {
        // The first token, and the one issued after the platform rejected it.
        Assert.True(fixture.PlatformTokens.Count >= 2, $"the host held {fixture.PlatformTokens.Count} platform tokens");
        string[] secrets = [.. fixture.PlatformTokens, fixture.FeedToken, TenantOptions.DemoClientSecret];
        var exported = SpanTexts().Concat(MetricTexts()).Concat(LogTexts()).ToList();
        Assert.True(exported.Count > 1000, $"only {exported.Count} texts exported");

        var leaks = exported.Where(e => secrets.Any(s => e.Text.Contains(s, StringComparison.Ordinal))).Select(e => e.Where).ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void Where_a_token_travels_in_a_url_the_export_shows_the_url_with_the_token_masked()
    {
        // The channel handshake's client span, and the live-feed request's server span.
        Assert.Contains(SpanTexts(), e => e.Where.EndsWith("url.full", StringComparison.Ordinal)
            && e.Text.Contains("/api/v2/presence?access_token=***", StringComparison.Ordinal));
        Assert.Contains(SpanTexts(), e => e.Where.EndsWith("url.query", StringComparison.Ordinal)
            && e.Text.Contains("access_token=Redacted", StringComparison.Ordinal));

        // ASP.NET Core's request log, in its message and in its state.
        Assert.Contains(LogTexts(), e => e.Text.StartsWith("Request starting", StringComparison.Ordinal)
            && e.Text.Contains("/events?access_token=***", StringComparison.Ordinal));
        Assert.Contains(LogTexts(), e => e.Text == "QueryString=?access_token=***");
    }

    private IEnumerable<(string Where, string Text)> SpanTexts()
    {
        foreach (var span in fixture.Spans)
        {
            var at = $"span {span.OperationName}";
            yield return (at, span.DisplayName);
            yield return (at, span.OperationName);
            yield return ($"{at} status", span.StatusDescription ?? "");
            yield return ($"{at} tracestate", span.TraceStateString ?? "");
            foreach (var item in Attributes(at, span.TagObjects))
            {
                yield return item;
            }

            foreach (var baggage in span.Baggage)
            {
                yield return ($"{at} baggage", $"{baggage.Key}={baggage.Value}");
            }

            foreach (var spanEvent in span.Events)
            {
                yield return ($"{at} event", spanEvent.Name);
                foreach (var item in Attributes($"{at} event {spanEvent.Name}", spanEvent.Tags))
                {
                    yield return item;
                }
            }

            foreach (var link in span.Links)
            {
                foreach (var item in Attributes($"{at} link", link.Tags ?? []))
                {
                    yield return item;
                }
            }
        }
    }

    private IEnumerable<(string Where, string Text)> MetricTexts()
    {
        foreach (var metric in fixture.Metrics)
        {
            yield return ($"metric {metric.Name}", metric.Name);
            yield return ($"metric {metric.Name}", metric.Description);
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return ($"metric {metric.Name} {tag.Key}", $"{tag.Key}={tag.Value}");
                }
            }
        }
    }

    private IEnumerable<(string Where, string Text)> LogTexts()
    {
        foreach (var log in fixture.Logs)
        {
            var at = $"log {log.CategoryName}";
            yield return (at, log.FormattedMessage ?? "");
            yield return (at, log.Body ?? "");
            yield return (at, log.Exception?.ToString() ?? "");
            foreach (var item in Attributes(at, log.Attributes ?? []))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<(string Where, string Text)> Attributes(string at, IEnumerable<KeyValuePair<string, object?>> attributes) =>
        attributes.Select(a => ($"{at} {a.Key}", $"{a.Key}={a.Value}"));
}
