using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PresenceGrains.Grains.Telemetry;
using OrleansSources = Orleans.Diagnostics.ActivitySources;

namespace PresenceGrains.Host.Telemetry;

/// <summary>
/// Traces, metrics and logs through one OpenTelemetry pipeline: PresenceGrains' own spans and instruments, Orleans'
/// grain calls and meters, ASP.NET Core, HttpClient and the runtime. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is
/// set. With neither (and no exporter a caller adds) nothing is collected at all: nothing would leave the process.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "presencegrains";

    /// <summary>HttpClient's meter (.NET 8 and later): request durations and connections.</summary>
    private const string HttpClientMeter = "System.Net.Http";

    /// <param name="platformBaseUrl">The platform's address: its calls are traced even outside a trace (token, channel).</param>
    /// <param name="configure">More exporters or processors (a test's in-memory ones), added after the host's own.</param>
    public static void AddPresenceTelemetry(this WebApplicationBuilder builder, Uri? platformBaseUrl, Action<IOpenTelemetryBuilder>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = IsSet(builder.Configuration[OtlpEndpointSetting]);
        var azureMonitor = IsSet(builder.Configuration[AzureMonitorSetting]);
        if (!otlp && !azureMonitor && configure is null)
        {
            return;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration[ServiceNameSetting] ?? DefaultServiceName))
            .WithTracing(tracing => tracing
                .AddSource([.. PresenceTelemetry.ActivitySourceNames, OrleansSources.ApplicationGrainActivitySourceName])
                .AddAspNetCoreInstrumentation(o => o.Filter = HostRequests.ShouldTrace)
                .AddHttpClientInstrumentation(o =>
                {
                    var outgoing = new OutgoingRequests(platformBaseUrl);
                    o.FilterHttpRequestMessage = outgoing.ShouldTrace;
                    o.EnrichWithHttpRequestMessage = OutgoingRequests.Redact;
                }))
            .WithMetrics(metrics => metrics
                .AddMeter([.. PresenceTelemetry.MeterNames, "Microsoft.Orleans", HttpClientMeter])
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.ParseStateValues = true;
                o.AddProcessor(new LogRedaction());
            });

        if (otlp)
        {
            otel.UseOtlpExporter();
        }

        if (azureMonitor)
        {
            otel.UseAzureMonitor();
        }

        configure?.Invoke(otel);
    }

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);
}
