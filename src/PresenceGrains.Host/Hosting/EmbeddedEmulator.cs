using PresenceGrains.Abstractions;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// The embedded default's platform: the bundled emulator, started in this process on a loopback port with its default
/// contact centre, and the platform settings pointed at it. Options under <c>Presence:Embedded:Emulator</c> reach it
/// (the emulator's own option names: <c>Simulation:TimeScale</c>, <c>Faults</c>, <c>Mode</c>, …). With
/// <c>Mode=GenesysCloud</c> the emulator speaks Genesys Cloud and the service follows it with the Genesys adapter.
/// </summary>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    /// <summary>The emulator mode in which it speaks Genesys Cloud (its login and API bases under <c>/genesys/</c>).</summary>
    public const string GenesysMode = "GenesysCloud";

    private EmbeddedEmulator(EmulatorServer server, bool genesys)
    {
        Server = server;
        IsGenesys = genesys;
    }

    /// <summary>The emulator speaks Genesys Cloud, and the service follows it with the Genesys adapter.</summary>
    public bool IsGenesys { get; }

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

        var genesys = string.Equals(builder.Configuration[$"{EmbeddedSettings.Section}:Emulator:Mode"], GenesysMode, StringComparison.OrdinalIgnoreCase);
        var server = await EmulatorServer.StartAsync(options);
        var embedded = new EmbeddedEmulator(server, genesys);
        var platformSettings = new Dictionary<string, string?>
        {
            [$"{PlatformSettings.Section}:ClientId"] = tenant.ClientId,
            [$"{PlatformSettings.Section}:ClientSecret"] = tenant.ClientSecret,

            // The emulator's secret is known; a vault configured for a real platform (as azd does) does not apply to it.
            [$"{PlatformSettings.Section}:KeyVaultUri"] = "",
        };
        if (genesys)
        {
            platformSettings[$"{PlatformSettings.Section}:Kind"] = nameof(PlatformKind.GenesysCloud);
            platformSettings[$"{PlatformSettings.Section}:LoginBaseUrl"] = new Uri(server.BaseUrl, "genesys/login/").ToString();
            platformSettings[$"{PlatformSettings.Section}:ApiBaseUrl"] = new Uri(server.BaseUrl, "genesys/api/").ToString();
        }
        else
        {
            platformSettings[$"{PlatformSettings.Section}:BaseUrl"] = server.BaseUrl.ToString();
        }

        builder.Configuration.AddInMemoryCollection(platformSettings);
        builder.Services.AddSingleton(embedded);
        return embedded;
    }

    /// <summary>
    /// Every agent of the contact centre, with all its devices: what the embedded default watches. On Genesys an agent's
    /// devices are its Genesys sources (routing status, conversations, station), which is what its deltas name.
    /// </summary>
    public WatchSet WatchEverything() =>
        new(Server.Centre.Agents
            .Select(a => new WatchedAgent(a.AgentId, IsGenesys ? [.. GenesysSourceIds.All(a.AgentId)] : a.DeviceIds.ToList()))
            .ToList());

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
