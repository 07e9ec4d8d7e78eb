using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Client;

namespace PresenceGrains.Benchmarks.Client;

/// <summary>This process as a router would be: an Orleans client set up by <c>AddPresenceClient</c> from <c>Presence:Client</c> settings.</summary>
internal sealed class RouterProcess(IHost host) : IDisposable
{
    public IPresenceClient Presence { get; } = host.Services.GetRequiredService<IPresenceClient>();

    public IClusterClient Cluster { get; } = host.Services.GetRequiredService<IClusterClient>();

    public static async Task<RouterProcess> StartAsync(int gatewayPort, string clusterId)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Presence:Client:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Presence:Client:ClusterId"] = clusterId,
        });
        builder.Services.AddPresenceClient(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new RouterProcess(host);
    }

    public Task StopAsync() => host.StopAsync();

    public void Dispose() => host.Dispose();
}
