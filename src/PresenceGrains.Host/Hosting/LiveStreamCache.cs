using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// Orleans' memory streams with a pulling-agent cache that lets go of what it delivered. Orleans' own cache keeps a
/// message until it is older than the newest by the eviction age, so on a stream that went quiet it keeps the last
/// burst for good: after seeding 100,000 agents the seeding's publications stayed in memory however long the centre was
/// calm. Its block pool also keeps every 1 MB block it ever allocated, so a burst sets the floor of the process for good.
/// Here a message also goes once it has been in the cache for the eviction age, and freed blocks beyond a small reserve
/// go back to the GC. Queues, receivers and delivery are Orleans' own (docs/decisions.md, "The live streams' cache").
/// </summary>
public sealed class LiveStreamCache : IQueueAdapterFactory, IQueueAdapterCache
{
    private const int BlockSize = 1 << 20;

    /// <summary>Free blocks kept for the next burst: one per queue of the provider's default eight.</summary>
    private const int BlocksKept = 8;

    private readonly MemoryAdapterFactory<DefaultMemoryMessageBodySerializer> _queues;
    private readonly DefaultMemoryMessageBodySerializer _serializer;
    private readonly StreamCacheEvictionOptions _eviction;
    private readonly QuietStreamPurge _purge;
    private readonly ILoggerFactory _loggers;
    private readonly string _name;
    private readonly ReleasingBlockPool _blocks = new(BlockSize, BlocksKept);

    private LiveStreamCache(IServiceProvider services, string name)
    {
        _name = name;
        _queues = MemoryAdapterFactory<DefaultMemoryMessageBodySerializer>.Create(services, name);
        _serializer = services.GetService<DefaultMemoryMessageBodySerializer>()
            ?? ActivatorUtilities.CreateInstance<DefaultMemoryMessageBodySerializer>(services);
        _eviction = services.GetOptionsByName<StreamCacheEvictionOptions>(name);
        _purge = new QuietStreamPurge(_eviction.DataMinTimeInCache, _eviction.DataMaxAgeInCache);
        _loggers = services.GetRequiredService<ILoggerFactory>();
    }

    /// <summary>Replaces the adapter factory that <c>AddMemoryStreams</c> registered for this provider.</summary>
    public static void Use(ISiloMemoryStreamConfigurator streams) =>
        streams.ConfigureComponent<IQueueAdapterFactory>((services, name) => new LiveStreamCache(services, name));

    public Task<IQueueAdapter> CreateAdapter() => _queues.CreateAdapter();

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _queues.GetStreamQueueMapper();

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => _queues.GetDeliveryFailureHandler(queueId);

    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new MemoryPooledCache<DefaultMemoryMessageBodySerializer>(
            _blocks,
            _purge,
            _loggers.CreateLogger($"{typeof(LiveStreamCache).FullName}.{_name}.{queueId}"),
            _serializer,
            cacheMonitor: null,
            monitorWriteInterval: null,
            purgeMetadataInterval: _eviction.MetadataMinTimeInCache);
}
