using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Client;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>This process as a router would be: an Orleans client set up by <c>AddPresenceClient</c> from <c>Presence:Client</c> settings.</summary>
internal sealed class RouterProcess(IHost host) : IDisposable
{
    public IPresenceClient Presence { get; } = host.Services.GetRequiredService<IPresenceClient>();

    public IClusterClient Cluster { get; } = host.Services.GetRequiredService<IClusterClient>();

    /// <summary>A router that reaches one silo's gateway on loopback.</summary>
    public static Task<RouterProcess> StartAsync(int gatewayPort, string clusterId) => StartAsync(new Dictionary<string, string?>
    {
        ["Presence:Client:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Presence:Client:ClusterId"] = clusterId,
    });

    /// <summary>A router set up from these <c>Presence:Client</c> settings (for example, gateways from the Azure membership table).</summary>
    public static async Task<RouterProcess> StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        new(await PresenceClientHost.StartAsync(settings));

    public Task StopAsync() => host.StopAsync();

    public void Dispose() => host.Dispose();
}
