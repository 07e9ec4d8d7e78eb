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
    /// up to that much on every publication's way to a subscriber; polling an in-cluster queue grain costs next to nothing.
    /// </summary>
    private static readonly TimeSpan MemoryStreamPollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How much of a memory stream's traffic its pulling agent keeps once delivered: Orleans keeps a message until it is
    /// 30 minutes older than the newest (and at least 5 minutes), which at 100,000 agents is hundreds of megabytes of
    /// publications per silo that no subscriber reads again (none rewinds; a feed resumes from history). A subscriber a
    /// minute behind gets a cache-miss error from Orleans, not a silent gap. <see cref="LiveStreamCache"/> applies the
    /// same age to a stream that went quiet.
    /// </summary>
    private static readonly TimeSpan MemoryStreamKeptFor = TimeSpan.FromMinutes(1);

    public static void Configure(ISiloBuilder silo, StorageSettings storage, ClusterSettings cluster)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        // Grain calls carry the caller's span: a delta's trace runs from the channel through the connector, device and agent.
        silo.AddActivityPropagation();

        // Orleans' default directory terminates every activation registered in the partition of a silo that dies, wherever
        // the activation lives: killing a silo without the channel restarted the tenant's connector on its healthy silo (the
        // channel down 7.9 s, 1,487 agents Reconnecting, in `chaos`) and deactivated the agents registered there (1,149 of
        // 2,000 in one run). This one recovers a dead silo's ranges from the survivors' activations (docs/decisions.md,
        // "Membership and failover").
#pragma warning disable ORLEANSEXP003 // Marked for evaluation in Orleans 10; chosen for what `chaos` measured with it.
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // Its leases held every registration in the cluster for about 6 s after each join, stop or death (the whole range,
        // whenever a partition could not take a snapshot from the previous owner), and re-activating a dead silo's grains
        // waited for them: reads blocked and a rolling restart's channel stayed down. They guard against a silo declared
        // dead that still runs; Orleans' default directory has no such guard either, and a declared-dead silo stops itself.
        silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = TimeSpan.Zero);

        if (storage.IsMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            if (cluster.AdvertisedIp is { } address)
            {
                silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort);
            }
            else
            {
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.UseAzureStorageClustering(o => o.TableServiceClient = CreateTableClient(storage));
            ConfigureMembership(silo, cluster);
        }

        if (cluster.MinimumReminderPeriod is { } minimum)
        {
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = minimum);
        }

        ConfigureStorage(silo, storage);
    }

    /// <summary>
    /// How fast a silo that stopped answering is declared dead: its grains (the tenant's connector among them) come back
    /// elsewhere only then. Probes every <see cref="ClusterSettings.ProbeTimeout"/>, dead after
    /// <see cref="ClusterSettings.MissedProbesLimit"/> missed in a row and two votes (docs/decisions.md, "Membership").
    /// </summary>
    private static void ConfigureMembership(ISiloBuilder silo, ClusterSettings cluster) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });

    /// <summary>
    /// Grain storage, reminders and streams, without clustering (a test cluster brings its own). Live presence (the
    /// tenant, channel and feed streams) always travels on memory streams, whose queues are grains of the cluster: on
    /// Azure Queue streams every publication was a storage round trip on routing's way (design.md §6: nothing on storage
    /// per delta), and a stalled storage stopped routing from seeing any change. Only history's copy goes through a
    /// durable Azure queue, where its backlog may wait (docs/decisions.md, "Live presence does not travel through storage").
    /// </summary>
    public static void ConfigureStorage(ISiloBuilder silo, StorageSettings storage)
    {
        silo.AddMemoryStreams(PresenceStreams.Provider, ConfigureMemoryStream);
        if (storage.IsMemory)
        {
            silo.AddMemoryGrainStorage(StorageNames.Presence)
                .AddMemoryGrainStorage(StorageNames.PubSub)
                .UseInMemoryReminderService()
                .AddMemoryStreams(HistoryStreams.Provider, ConfigureMemoryStream);
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
            .AddAzureQueueStreams(HistoryStreams.Provider, configurator => ConfigureQueues(configurator, queues, HistoryQueues));
    }

    private static void ConfigureMemoryStream(ISiloMemoryStreamConfigurator streams)
    {
        LiveStreamCache.Use(streams);
        streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = MemoryStreamPollPeriod));
        streams.ConfigureCacheEviction(eviction => eviction.Configure(o =>
        {
            o.DataMinTimeInCache = MemoryStreamKeptFor / 2;
            o.DataMaxAgeInCache = MemoryStreamKeptFor;
        }));
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
