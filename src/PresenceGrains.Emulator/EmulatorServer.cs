using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator;

/// <summary>
/// The emulator running in-process on Kestrel (127.0.0.1, a free port unless <see cref="EmulatorOptions.Url"/> says
/// otherwise): the seed protocol for clients, and for tests and demos direct access to the contact centre, the ground
/// truth, the logs and the faults.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PlatformOperations _operations;

    private EmulatorServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        var services = app.Services;
        Options = services.GetRequiredService<EmulatorOptions>();
        Centre = services.GetRequiredService<ContactCentre>();
        Faults = services.GetRequiredService<EmulatorFaults>();
        DeltaLog = services.GetRequiredService<BoundedLog<PresenceStateChange>>();
        Handshakes = services.GetRequiredService<BoundedLog<HandshakeRecord>>();
        Corrections = services.GetRequiredService<BoundedLog<ReceivedCorrection>>();
        _operations = services.GetRequiredService<PlatformOperations>();
    }

    /// <summary>Where the emulator answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Genesys mode: the login base (<c>…/genesys/login/</c>); the token endpoint is <c>oauth/token</c> under it.</summary>
    public Uri GenesysLoginBase => new(BaseUrl, "genesys/login/");

    /// <summary>Genesys mode: the Platform API base (<c>…/genesys/api/</c>); calls are <c>api/v2/…</c> under it.</summary>
    public Uri GenesysApiBase => new(BaseUrl, "genesys/api/");

    /// <summary>Genesys mode: how many notification channels exist now.</summary>
    public int GenesysChannels => _operations.GenesysChannels;

    /// <summary>The channel endpoint, <c>ws://…/api/v2/presence</c> (append <c>?access_token=…</c>).</summary>
    public Uri ChannelUrl => new UriBuilder(BaseUrl) { Scheme = BaseUrl.Scheme == "https" ? "wss" : "ws", Path = "/api/v2/presence" }.Uri;

    public EmulatorOptions Options { get; }

    /// <summary>Agents, devices, ground truth, scripting, the simulation switch and bursts.</summary>
    public ContactCentre Centre { get; }

    /// <summary>The fault switches (the same as <c>/emulator/faults</c>).</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Every delta emitted, in emission order.</summary>
    public BoundedLog<PresenceStateChange> DeltaLog { get; }

    /// <summary>Every WebSocket upgrade attempt and its outcome.</summary>
    public BoundedLog<HandshakeRecord> Handshakes { get; }

    /// <summary>Every presence correction received.</summary>
    public BoundedLog<ReceivedCorrection> Corrections { get; }

    /// <summary>How many channels are open now.</summary>
    public int OpenSockets => _operations.OpenSockets;

    public static Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    /// <summary>Starts the emulator; <paramref name="timeProvider"/> drives tokens, heartbeats, the simulation and rate limits.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names every problem.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url ?? "http://127.0.0.1:0");
        var app = EmulatorApp.Build(builder, options, timeProvider);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Aborts every open channel now, without a close handshake.</summary>
    public void DropAllSockets() => _operations.DropSockets();

    /// <summary>Every issued token expires now: open channels get a 401 frame and close; handshakes with them get 401.</summary>
    public void ExpireTokens() => _operations.ExpireTokens();

    /// <summary>Every issued token is revoked now, with the same effect as <see cref="ExpireTokens"/>.</summary>
    public void RevokeTokens() => _operations.RevokeTokens();

    /// <summary>Genesys mode: every socket hears <c>v2.system.socket_closing</c> and is closed after <paramref name="grace"/>.</summary>
    public void AnnounceSocketClosing(TimeSpan grace) => _operations.SocketClosing(new SocketClosingFault((int)Math.Ceiling(grace.TotalSeconds)));

    /// <summary>Genesys mode: every notification channel expires now.</summary>
    public void ExpireChannels() => _operations.ExpireChannels();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
