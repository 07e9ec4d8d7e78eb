using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using PresenceGrains.Client;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>One call for an application that has no Orleans client of its own yet.</summary>
public static class PresenceClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an Orleans client connected to the presence cluster that <c>Presence:Client</c> names, and
    /// <see cref="IPresenceClient"/>; the client connects when the host starts. Same as
    /// <c>UseOrleansClient(c =&gt; c.UsePresenceCluster(configuration))</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration that holds <c>Presence:Client</c> (absent: the local defaults).</param>
    public static IServiceCollection AddPresenceClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddOrleansClient(client => client.UsePresenceCluster(configuration));
    }
}
