using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Client;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>A process as a router sets itself up: a host with <c>AddPresenceClient</c> from these <c>Presence:Client</c> settings, started.</summary>
public static class PresenceClientHost
{
    public static async Task<IHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPresenceClient(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
