using PresenceGrains.Grains;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>Builds the whole service on a builder, so that tests start exactly what <c>dotnet run</c> starts.</summary>
public static class PresenceHost
{
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = Bind<StorageSettings>(builder, StorageSettings.Section);
        var cluster = Bind<ClusterSettings>(builder, ClusterSettings.Section);
        Bind<PlatformSettings>(builder, PlatformSettings.Section);
        Bind<EmbeddedSettings>(builder, EmbeddedSettings.Section);
        builder.Services.AddOptions<PresenceOptions>().Bind(builder.Configuration.GetSection(PresenceOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo => SiloSetup.Configure(silo, storage, cluster));
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.MapHealthChecks("/health/live");
        app.MapHealthChecks("/health/ready");
        await Task.CompletedTask;
        return app;
    }

    /// <summary>
    /// Binds and validates a settings section now, so that a bad value stops start-up with a message naming it, and
    /// registers the same validation for <c>ValidateOnStart</c>.
    /// </summary>
    private static T Bind<T>(WebApplicationBuilder builder, string section)
        where T : class, new()
    {
        var settings = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        SettingsValidation.ThrowIfInvalid(settings, section);
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        return settings;
    }
}
