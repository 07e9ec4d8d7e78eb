using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Streams;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;

namespace PresenceGrains.Service.Tests;

/// <summary>
/// What a memory stream's pulling agent keeps of its traffic once delivered. Orleans' default is everything until it is
/// 30 minutes older than the newest message: at 100,000 agents, hundreds of megabytes per silo that no subscriber reads
/// again (the `memory` benchmark's reading a minute after seeding held every seeding publication).
/// </summary>
public sealed class StreamCacheTests
{
    [Theory]
    [InlineData(PresenceStreams.Provider)]
    [InlineData(HistoryStreams.Provider)]
    public void A_memory_stream_keeps_a_minute_of_delivered_traffic_not_half_an_hour(string provider)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            SiloSetup.ConfigureStorage(silo, new StorageSettings());
        });
        using var host = builder.Build();

        var eviction = host.Services.GetRequiredService<IOptionsMonitor<StreamCacheEvictionOptions>>().Get(provider);

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)), (eviction.DataMinTimeInCache, eviction.DataMaxAgeInCache));
    }
}
