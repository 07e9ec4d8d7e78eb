using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.Control;
using PresenceGrains.Emulator.Genesys;
using PresenceGrains.Emulator.OAuth;
using PresenceGrains.Emulator.Rest;
using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>The composition of the emulator, shared by <c>Program.cs</c> and <see cref="EmulatorServer"/>.</summary>
internal static class EmulatorApp
{
    /// <summary>Reads the <c>Emulator</c> configuration section (defaults where it is silent).</summary>
    public static EmulatorOptions BindOptions(IConfiguration configuration) =>
        configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();

    /// <summary>Validates <paramref name="options"/> (throws naming every problem), registers the services, maps the endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options, TimeProvider time)
    {
        EmulatorOptionsValidator.ThrowIfInvalid(options);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default));
        AddServices(builder.Services, options, time);

        var app = builder.Build();
        app.UseMiddleware<RedactedRequestLog>();
        app.UseWebSockets();
        app.MapTokenEndpoints(options.Mode);
        if (options.Mode == EmulatorMode.GenesysCloud)
        {
            app.MapGenesysChannelEndpoints();
            app.MapGenesysUserEndpoints();
            app.MapGenesysStreamingEndpoints();
        }
        else
        {
            app.MapChannelEndpoints();
            app.MapSnapshotEndpoints();
            app.MapCorrectionEndpoints();
        }

        app.MapControlEndpoints().MapFaultEndpoints();

        var lifetime = app.Lifetime;
        var services = app.Services;
        lifetime.ApplicationStarted.Register(() =>
        {
            services.GetRequiredService<HeartbeatPump>().Start();
            services.GetRequiredService<NoiseGenerator>().Start();
            if (options.Simulation.AutoStart)
            {
                services.GetRequiredService<ContactCentre>().StartSimulation();
            }
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            services.GetRequiredService<ContactCentre>().StopSimulation();
            services.GetRequiredService<PlatformOperations>().StopSockets();
        });
        return app;
    }

    private static void AddServices(IServiceCollection services, EmulatorOptions options, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(new BoundedLog<PresenceStateChange>(options.DeltaLogCapacity));
        services.AddSingleton(new BoundedLog<HandshakeRecord>(options.RecordLogCapacity));
        services.AddSingleton(new BoundedLog<ReceivedCorrection>(options.RecordLogCapacity));
        services.AddSingleton(new EmulatorFaults(options.Faults, time));
        services.AddSingleton<TokenStore>();
        services.AddSingleton(new ChannelHub(time, options.Mode == EmulatorMode.GenesysCloud ? 4 : 1));
        services.AddSingleton(new ConnectionRateLimiter(options.ConnectionRateLimit, time));
        services.AddSingleton(new RestRateLimiter(options.RestRateLimit, time));
        services.AddSingleton<RestGate>();
        services.AddSingleton<ChannelGate>();
        var origin = ContactCentre.ToMilliseconds(time.GetUtcNow());
        var genesys = options.Mode == EmulatorMode.GenesysCloud ? new GenesysProjection(origin) : null;
        services.AddSingleton(sp => new PlatformOperations(sp.GetRequiredService<ChannelHub>(), sp.GetRequiredService<TokenStore>(), sp.GetService<GenesysChannels>()));
        services.AddSingleton(sp => new DeltaPublisher(sp.GetRequiredService<BoundedLog<PresenceStateChange>>(), sp.GetRequiredService<ChannelHub>(), genesys));
        services.AddSingleton(sp => new CentreState(options.Simulation, origin, sp.GetRequiredService<DeltaPublisher>()));
        if (genesys is not null)
        {
            services.AddSingleton(genesys);
            services.AddSingleton<GenesysChannels>();
            services.AddSingleton<GenesysApiGate>();
            services.AddSingleton<GenesysUserReader>();
        }

        services.AddSingleton(sp => new ContactCentre(sp.GetRequiredService<CentreState>(), options.Simulation, sp.GetRequiredService<ChannelHub>(), time));
        services.AddSingleton(sp => new HeartbeatPump(sp.GetRequiredService<ChannelHub>(), options, time));
        services.AddSingleton(sp => new NoiseGenerator(sp.GetRequiredService<ChannelHub>(), sp.GetRequiredService<CentreState>(), options.Simulation, time));
    }
}
