using PresenceGrains.Grains.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.History;
using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Tests;

/// <summary>A one-silo test cluster with in-memory storage, reminders and streams, and decay periods lowered for tests.</summary>
public sealed class ClusterFixture() : TestClusterFixture<ClusterFixture.SiloConfigurator>(1)
{
    /// <summary>The test silo: in-memory storage, reminders and streams, scripted platforms, lowered decay periods.</summary>
    internal static void ConfigureSilo(ISiloBuilder siloBuilder, TimeSpan persistInterval)
    {
        siloBuilder
            .AddMemoryGrainStorage(StorageNames.Presence)
            .AddMemoryGrainStorage(StorageNames.PubSub)
            .AddMemoryStreams(PresenceStreams.Provider)
            .AddMemoryStreams(HistoryStreams.Provider)
            .UseInMemoryReminderService()
            .AddOutgoingGrainCallFilter<GrainCallRecorder>()
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Services.AddSingleton<IPresencePlatformFactory, ScriptedPlatforms>();
        siloBuilder.Services.AddSingleton<IPresenceHistory, MemoryPresenceHistory>();
        siloBuilder.Services.AddSingleton(TimeProvider.System);
        siloBuilder.Services.AddPresenceGrainServices();
        siloBuilder.Services.Configure<PresenceOptions>(o =>
        {
            o.DeviceTtl = TimeSpan.FromSeconds(2);
            o.LostChannelTtl = TimeSpan.FromSeconds(2);
            o.DecayCheckPeriod = TimeSpan.FromSeconds(1);
            o.PersistInterval = persistInterval;
            o.AnomalyReportPeriod = TimeSpan.FromMilliseconds(100);
        });
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => ConfigureSilo(siloBuilder, TimeSpan.FromMilliseconds(50));
    }

    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(PresenceStreams.Provider).AddMemoryStreams(HistoryStreams.Provider);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
