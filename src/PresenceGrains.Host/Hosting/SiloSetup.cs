using Azure.Data.Tables;
using Azure.Storage.Queues;
using Orleans.Configuration;
using Orleans.Serialization;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Host.Configuration;

namespace PresenceGrains.Host.Hosting;

/// <summary>Configures the Orleans silo for the storage the settings name: memory (one process) or Azure Storage.</summary>
public static class SiloSetup
{
    /// <summary>History's copy of the publications has queues of its own, where its backlog may wait (HistoryStreams).</summary>
    private static readonly List<string> HistoryQueues = Enumerable.Range(0, 2).Select(i => $"presence-history-{i}").ToList();

    /// <summary>
    /// How long the memory streams' pulling agents wait after finding their queue empty. Orleans' default (100 ms) puts
    /// up to that much on every publication's way to a subscriber; polling an in-process queue costs next to nothing.
    /// </summary>
    private static readonly TimeSpan MemoryStreamPollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the live Azure Queue streams' pulling agents wait after finding their queue empty (they read on without
    /// waiting while messages come). Orleans' 100 ms is up to 100 ms on every publication's way to routing; 50 ms halves
    /// that for about 80 empty reads a second over the four queues. History keeps the default: it waits on storage anyway.
    /// </summary>
    private static readonly TimeSpan LiveQueuePollPeriod = TimeSpan.FromMilliseconds(50);

    public static void Configure(ISiloBuilder silo, StorageSettings storage, ClusterSettings cluster)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        // Grain calls carry the caller's span: a delta's trace runs from the channel through the connector, device and agent.
        silo.AddActivityPropagation();

        if (storage.IsMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true)
                .UseAzureStorageClustering(o => o.TableServiceClient = CreateTableClient(storage));
        }

        ConfigureStorage(silo, storage);
    }

    /// <summary>Grain storage, reminders and streams, without clustering (a test cluster brings its own).</summary>
    public static void ConfigureStorage(ISiloBuilder silo, StorageSettings storage)
    {
        if (storage.IsMemory)
        {
            silo.AddMemoryGrainStorage(StorageNames.Presence)
                .AddMemoryGrainStorage(StorageNames.PubSub)
                .UseInMemoryReminderService()
                .AddMemoryStreams(PresenceStreams.Provider, streams => streams.ConfigurePullingAgent(agent => agent.Configure(o =>
                    o.GetQueueMsgsTimerPeriod = MemoryStreamPollPeriod)))
                .AddMemoryStreams(HistoryStreams.Provider, streams => streams.ConfigurePullingAgent(agent => agent.Configure(o =>
                    o.GetQueueMsgsTimerPeriod = MemoryStreamPollPeriod)));
            return;
        }

        var tables = CreateTableClient(storage);
        var queues = CreateQueueClient(storage);
        silo.AddAzureTableGrainStorage(StorageNames.Presence, o =>
            {
                o.TableServiceClient = tables;
                o.TableName = "PresenceGrainState";
            })
            .AddAzureTableGrainStorage(StorageNames.PubSub, o =>
            {
                o.TableServiceClient = tables;
                o.TableName = "PresencePubSub";
            })
            .UseAzureTableReminderService(o => o.TableServiceClient = tables)
            .AddAzureQueueStreams(PresenceStreams.Provider, configurator =>
            {
                ConfigureQueues(configurator, queues, [.. PresenceStreams.AzureQueueNames]);
                configurator.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = LiveQueuePollPeriod));
            })
            .AddAzureQueueStreams(HistoryStreams.Provider, configurator => ConfigureQueues(configurator, queues, HistoryQueues));
    }

    private static void ConfigureQueues(SiloAzureQueueStreamConfigurator configurator, QueueServiceClient queues, List<string> names)
    {
        configurator.ConfigureAzureQueue(queue => queue.Configure(o =>
        {
            o.QueueServiceClient = queues;
            o.QueueNames = names;
        }));
        configurator.ConfigureCacheSize(4096);
    }

    public static TableServiceClient CreateTableClient(StorageSettings storage) =>
        storage.UsesIdentity
            ? new TableServiceClient(storage.TableServiceUri, AzureIdentity.Credential)
            : new TableServiceClient(storage.ConnectionString);

    public static QueueServiceClient CreateQueueClient(StorageSettings storage) =>
        storage.UsesIdentity
            ? new QueueServiceClient(storage.QueueServiceUri, AzureIdentity.Credential)
            : new QueueServiceClient(storage.ConnectionString);
}
