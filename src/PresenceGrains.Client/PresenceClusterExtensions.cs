using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PresenceGrains.Abstractions;
using PresenceGrains.Client;

// Extension methods live in Orleans' hosting namespace so they show up beside UseOrleansClient.
namespace Orleans.Hosting;

/// <summary>Connects an Orleans client to a PresenceGrains cluster from configuration, with the stream provider its feeds need.</summary>
public static class PresenceClusterExtensions
{
    /// <summary>
    /// Configures this Orleans client for the presence cluster that the <c>Presence:Client</c> section names: localhost
    /// clustering (the embedded default) or Azure Table membership (a connection string, or an endpoint with
    /// DefaultAzureCredential), and the cluster's live streams (memory streams, whose queues are grains of the cluster). Registers <see cref="IPresenceClient"/>. Bad settings
    /// throw <see cref="OptionsValidationException"/> now, naming each.
    /// </summary>
    /// <param name="client">The Orleans client builder (from <c>UseOrleansClient</c> or <c>AddOrleansClient</c>).</param>
    /// <param name="configuration">The configuration that holds <c>Presence:Client</c> (absent: the local defaults).</param>
    public static IClientBuilder UsePresenceCluster(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(PresenceClientOptions.Section);
        var options = section.Get<PresenceClientOptions>() ?? new PresenceClientOptions();
        PresenceClientOptionsValidator.ThrowIfInvalid(options);

        client.Services.AddOptions<PresenceClientOptions>().Bind(section).ValidateOnStart();
        client.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PresenceClientOptions>, PresenceClientOptionsValidator>());
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        // Grain calls carry the caller's span, as the service's own calls do.
        client.AddActivityPropagation();
        if (options.IsLocalhost)
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }
        else
        {
            var tables = options.UsesIdentity
                ? new TableServiceClient(options.TableServiceUri, new DefaultAzureCredential())
                : new TableServiceClient(options.ConnectionString);
            client.UseAzureStorageClustering(o => o.TableServiceClient = tables);
        }

        // The live streams' queues are grains of the cluster; the client needs the provider of the same name to subscribe.
        client.AddMemoryStreams(PresenceStreams.Provider);

        client.Services.TryAddSingleton(TimeProvider.System);
        client.UseConnectionRetryFilter(new ConnectRetry(options, TimeProvider.System));
        client.Services.TryAddSingleton<ClusterConnection>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnection>());
        client.Services.TryAddSingleton<IPresenceClient, PresenceClient>();
        return client;
    }
}
