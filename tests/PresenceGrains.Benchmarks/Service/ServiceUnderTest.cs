using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Hosting;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// The real service in this process, built by the same <see cref="PresenceHost"/> as <c>dotnet run</c>: memory storage
/// or Azure Storage on an Azurite of its own, loopback ports, following a platform (an emulator) at a given address as
/// the demo tenant. Its log goes to a <see cref="LogCounter"/> instead of the console.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string Tenant = TenantOptions.DemoTenantId;

    private readonly WebApplication _app;
    private readonly Azurite? _azurite;

    private readonly BenchPlatform _platform;

    private ServiceUnderTest(WebApplication app, LogCounter log, Azurite? azurite, BenchPlatform platform, IReadOnlyDictionary<string, string?> configuration)
    {
        _app = app;
        _platform = platform;
        Log = log;
        _azurite = azurite;
        ClusterId = configuration["Presence:Cluster:ClusterId"]!;
        GatewayPort = int.Parse(configuration["Presence:Cluster:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The cluster id a client in another process joins.</summary>
    public string ClusterId { get; }

    /// <summary>The silo's gateway port on loopback, for a client in another process.</summary>
    public int GatewayPort { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _app.Services;

    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    /// <summary>Warnings and errors the service logged.</summary>
    public LogCounter Log { get; }

    public IPlatformConnectorGrain Connector => Grains.GetGrain<IPlatformConnectorGrain>(Tenant);

    /// <param name="emulator">The platform to follow, in either of its modes (<see cref="BenchPlatform"/>).</param>
    /// <param name="storage">Memory, or a fresh Azurite started for this service and stopped with it.</param>
    /// <param name="settings">Configuration on top (e.g. <c>Presence:Platform:RestRequestsPerSecond</c>).</param>
    public static Task<ServiceUnderTest> StartAsync(EmulatorServer emulator, BenchStorage storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var platform = BenchPlatform.Of(emulator);
        return StartAsync(platform, c => platform.AddSettings(c, emulator), storage, settings);
    }

    /// <param name="platform">The base address of a platform that speaks the seed protocol (an emulator in a process of its own).</param>
    public static Task<ServiceUnderTest> StartAsync(Uri platform, BenchStorage storage, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(BenchPlatform.Seed, c => c["Presence:Platform:BaseUrl"] = platform.ToString(), storage, settings);

    private static async Task<ServiceUnderTest> StartAsync(
        BenchPlatform platform, Action<Dictionary<string, string?>> follow, BenchStorage storage, IReadOnlyDictionary<string, string?>? settings)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var azurite = storage.IsAzurite ? await Azurite.StartAsync() : null;
        var configuration = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Presence:Storage:ConnectionString"] = azurite?.ConnectionString ?? "Memory",
            ["Presence:Cluster:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Presence:Cluster:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Presence:Cluster:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Presence:Platform:TenantId"] = Tenant,
            ["Presence:Platform:ClientId"] = TenantOptions.DemoClientId,
            ["Presence:Platform:ClientSecret"] = TenantOptions.DemoClientSecret,
        };
        follow(configuration);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        // An empty content root: no appsettings.json of the repository's projects takes part.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Benchmark",
            ContentRootPath = Directory.CreateTempSubdirectory("presencegrains-bench-").FullName,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        var log = new LogCounter();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);

        // For finding where time goes: the service's own log on the console, without changing what is counted.
        if (Environment.GetEnvironmentVariable("PRESENCEGRAINS_BENCH_LOG") is { Length: > 0 } level)
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(
                null, Enum.Parse<LogLevel>(level, ignoreCase: true));
        }
        var app = await PresenceHost.BuildAsync(builder);
        await app.StartAsync();
        return new ServiceUnderTest(app, log, azurite, platform, configuration);
    }

    /// <summary>Watches every agent with all its devices (the connector then snapshots them and opens the channel).</summary>
    public Task WatchAsync(IReadOnlyList<AgentInfo> agents) =>
        Connector.SetWatchAsync(new WatchSet([.. agents.Select(a => new WatchedAgent(a.AgentId, _platform.Devices(a)))]));

    /// <summary>Waits until the connector's channel is connected (its start-up snapshot done), bounded.</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await Connector.GetHealthAsync()).Connection != ChannelConnection.Connected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The connector did not connect within {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Log.Mute();
        var contentRoot = _app.Environment.ContentRootPath;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(contentRoot, recursive: true);
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
