using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// The embedded default's platform: the bundled emulator, started in this process on a loopback port with its default
/// contact centre, and the platform settings pointed at it. Options under <c>Presence:Embedded:Emulator</c> reach it
/// (the emulator's own option names: <c>Simulation:TimeScale</c>, <c>Faults</c>, …).
/// </summary>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    private EmbeddedEmulator(EmulatorServer server) => Server = server;

    /// <summary>The running emulator: its contact centre, truth, faults and logs.</summary>
    public EmulatorServer Server { get; }

    public Uri BaseUrl => Server.BaseUrl;

    public static async Task<EmbeddedEmulator> StartAsync(WebApplicationBuilder builder, EmbeddedSettings settings, PlatformSettings platform)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(platform);
        var options = new EmulatorOptions();
        builder.Configuration.GetSection($"{EmbeddedSettings.Section}:Emulator").Bind(options);
        options.Url ??= $"http://127.0.0.1:{settings.Port}";
        options.Simulation.AgentCount = settings.AgentCount;
        options.Simulation.Seed = settings.Seed;
        var tenant = TenantOptions.Demo();
        tenant.TenantId = platform.TenantId;
        options.Tenants = [tenant];

        var server = await EmulatorServer.StartAsync(options);
        var embedded = new EmbeddedEmulator(server);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PlatformSettings.Section}:BaseUrl"] = server.BaseUrl.ToString(),
            [$"{PlatformSettings.Section}:ClientId"] = tenant.ClientId,
            [$"{PlatformSettings.Section}:ClientSecret"] = tenant.ClientSecret,

            // The emulator's secret is known; a vault configured for a real platform (as azd does) does not apply to it.
            [$"{PlatformSettings.Section}:KeyVaultUri"] = "",
        });
        builder.Services.AddSingleton(embedded);
        return embedded;
    }

    /// <summary>Every agent of the contact centre, with all its devices: what the embedded default watches.</summary>
    public WatchSet WatchEverything() =>
        new(Server.Centre.Agents.Select(a => new WatchedAgent(a.AgentId, a.DeviceIds.ToList())).ToList());

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
