using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
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
    /// clustering and memory streams (the embedded default), or Azure Table membership and Azure Queue streams (a
    /// connection string, or endpoints with DefaultAzureCredential). Registers <see cref="IPresenceClient"/>. Bad settings
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

            // Memory streams live in the silo; the client needs the provider of the same name to subscribe through it.
            client.AddMemoryStreams(PresenceStreams.Provider);
        }
        else
        {
            var credential = options.UsesIdentity ? new DefaultAzureCredential() : null;
            var tables = credential is null ? new TableServiceClient(options.ConnectionString) : new TableServiceClient(options.TableServiceUri, credential);
            var queues = credential is null ? new QueueServiceClient(options.ConnectionString) : new QueueServiceClient(options.QueueServiceUri, credential);
            client.UseAzureStorageClustering(o => o.TableServiceClient = tables);
            client.AddAzureQueueStreams(PresenceStreams.Provider, streams => streams.ConfigureAzureQueue(queue => queue.Configure(o =>
            {
                o.QueueServiceClient = queues;
                o.QueueNames = [.. PresenceStreams.AzureQueueNames];
            })));
        }

        client.Services.TryAddSingleton(TimeProvider.System);
        client.UseConnectionRetryFilter(new ConnectRetry(options, TimeProvider.System));
        client.Services.TryAddSingleton<ClusterConnection>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnection>());
        client.Services.TryAddSingleton<IPresenceClient, PresenceClient>();
        return client;
    }
}
