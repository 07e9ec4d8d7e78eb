using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;

namespace PresenceGrains.Service.Tests;

/// <summary>
/// What a memory stream's pulling agent keeps of its traffic once delivered. Orleans' default is everything until it is
/// 30 minutes older than the newest message: at 100,000 agents, hundreds of megabytes per silo that no subscriber reads
/// again (the `memory` benchmark's reading a minute after seeding held every seeding publication). And on a stream
/// that went quiet, Orleans' rule keeps the last burst for good, with every block its pool ever made.
/// </summary>
public sealed class StreamCacheTests
{
    private static readonly TimeSpan MinTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(PresenceStreams.Provider)]
    [InlineData(HistoryStreams.Provider)]
    public void Both_memory_stream_providers_cache_through_the_cache_that_lets_go(string provider)
    {
        using var host = MemorySilo();

        Assert.IsType<LiveStreamCache>(host.Services.GetRequiredKeyedService<IQueueAdapterFactory>(provider));
    }

    [Fact]
    public void A_message_on_a_stream_that_went_quiet_is_purged_once_it_has_been_cached_for_the_maximum_age()
    {
        var purge = new QuietStreamPurge(MinTime, MaxAge);

        // Nothing newer arrived (relative age zero): Orleans' own rule would keep it for good.
        Assert.False(new TimePurgePredicate(MinTime, MaxAge).ShouldPurgeFromTime(MaxAge * 10, TimeSpan.Zero));
        Assert.True(purge.ShouldPurgeFromTime(MaxAge + TimeSpan.FromTicks(1), TimeSpan.Zero));
        Assert.False(purge.ShouldPurgeFromTime(MaxAge, TimeSpan.Zero));
    }

    [Fact]
    public void Orleans_rule_still_purges_a_message_the_newest_has_left_behind()
    {
        var purge = new QuietStreamPurge(MinTime, MaxAge);

        Assert.True(purge.ShouldPurgeFromTime(MinTime + TimeSpan.FromSeconds(1), MaxAge + TimeSpan.FromSeconds(1)));
        Assert.False(purge.ShouldPurgeFromTime(MinTime - TimeSpan.FromSeconds(1), MaxAge + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Freed_blocks_beyond_the_reserve_are_left_to_the_GC_and_a_kept_one_is_reused()
    {
        var pool = new ReleasingBlockPool(blockSize: 1024, kept: 2);
        var blocks = Enumerable.Range(0, 5).Select(_ => pool.Allocate()).ToList();

        blocks.ForEach(block => block.Dispose());

        Assert.Equal(2, pool.FreeCount);
        var reused = pool.Allocate();
        Assert.Contains(reused, blocks);
        Assert.Equal(1, pool.FreeCount);
        Assert.True(reused.TryGetSegment(1024, out _), "a reused block starts empty");
    }

    [Theory]
    [InlineData(PresenceStreams.Provider)]
    [InlineData(HistoryStreams.Provider)]
    public void A_memory_stream_keeps_a_minute_of_delivered_traffic_not_half_an_hour(string provider)
    {
        using var host = MemorySilo();

        var eviction = host.Services.GetRequiredService<IOptionsMonitor<StreamCacheEvictionOptions>>().Get(provider);

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)), (eviction.DataMinTimeInCache, eviction.DataMaxAgeInCache));
    }

    private static IHost MemorySilo()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            SiloSetup.ConfigureStorage(silo, new StorageSettings());
        });
        return builder.Build();
    }
}
