using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Client;

namespace PresenceGrains.Client.Tests;

/// <summary>A client whose cluster is not there says so at start-up, naming the gateway it tried.</summary>
public sealed class UnreachableClusterTests
{
    [Fact]
    public async Task Start_up_fails_after_the_connect_timeout_naming_the_gateway_it_tried()
    {
        var port = PortNobodyListensOn();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Presence:Client:GatewayPort"] = port.ToString(),
            ["Presence:Client:ConnectTimeout"] = "00:00:01",
        });
        builder.Services.AddPresenceClient(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<PresenceClusterUnreachableException>(() => host.StartAsync());

        Assert.Contains($"127.0.0.1:{port}", error.Tried, StringComparison.Ordinal);
        Assert.Contains("presence-local", error.Message, StringComparison.Ordinal);
    }

    private static int PortNobodyListensOn()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
