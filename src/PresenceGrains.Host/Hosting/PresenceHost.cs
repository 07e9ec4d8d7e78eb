using OpenTelemetry;
using PresenceGrains.Grains;
using PresenceGrains.Grains.History;
using PresenceGrains.Host.Api;
using PresenceGrains.Host.Auth;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Feed;
using PresenceGrains.Host.Health;
using PresenceGrains.Host.Telemetry;

namespace PresenceGrains.Host.Hosting;

/// <summary>Builds the whole service on a builder, so that tests start exactly what <c>dotnet run</c> starts.</summary>
public static class PresenceHost
{
    /// <param name="configureTelemetry">
    /// More OpenTelemetry exporters or processors (a test's in-memory ones). They come after the host's own, and their
    /// presence switches telemetry on even without an OTLP or Azure Monitor setting.
    /// </param>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, Action<IOpenTelemetryBuilder>? configureTelemetry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = Bind<StorageSettings>(builder, StorageSettings.Section);
        var cluster = Bind<ClusterSettings>(builder, ClusterSettings.Section);
        var platform = Bind<PlatformSettings>(builder, PlatformSettings.Section);
        var embedded = Bind<EmbeddedSettings>(builder, EmbeddedSettings.Section);
        var auth = Bind<AuthSettings>(builder, AuthSettings.Section);
        Bind<HistoryOptions>(builder, HistoryOptions.Section);
        Bind<PresenceOptions>(builder, PresenceOptions.Section);

        // The embedded default runs the emulator in this process and points the platform settings at it.
        var emulator = platform.IsEmbedded ? await EmbeddedEmulator.StartAsync(builder, embedded, platform) : null;

        builder.AddPresenceTelemetry(emulator?.BaseUrl ?? platform.BaseUrl, configureTelemetry);
        builder.Services.AddPresenceSiloServices(builder.Configuration, storage);
        builder.UseOrleans(silo => SiloSetup.Configure(silo, storage, cluster));
        builder.Services.AddHostedService<ConnectorBootstrap>();
        if (!storage.IsMemory)
        {
            // Only a cluster loses its connector with a silo; one process on memory storage has nothing to watch for.
            builder.Services.AddSingleton<LocalAgents>();
            builder.Services.AddHostedService<ConnectorWatchdog>();
            builder.Services.AddHostedService<ConnectorHandover>();
        }

        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: ["ready"]);

        builder.Services.AddPresenceAuth(auth);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = PresenceEndpoints.MaxBodyBytes);

        var app = builder.Build();
        if (emulator is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPresenceApi();
        app.MapPresenceFeed();
        app.MapDevTokens();
        app.MapUiConfig();
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, emulator));
        return app;
    }

    /// <summary>
    /// Binds and validates a settings section now, so that a bad value stops start-up with a message naming it, and
    /// registers the same validation with <c>ValidateOnStart</c> for everything that reads it through options.
    /// </summary>
    private static T Bind<T>(WebApplicationBuilder builder, string section)
        where T : class, new()
    {
        T settings;
        try
        {
            settings = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong type (Kind=Genesys): the binder's message names the key and the type it wanted.
            throw new InvalidSettingsException($"Configuration section '{section}' is invalid: {ex.Message}");
        }

        SettingsValidation.ThrowIfInvalid(settings, section);
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        return settings;
    }
}
