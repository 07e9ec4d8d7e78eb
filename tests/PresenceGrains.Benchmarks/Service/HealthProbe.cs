using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// Times what a load balancer and a dashboard ask every few seconds: the channel's health (<c>GET /channel</c>) and the
/// readiness check (<c>/health/ready</c>), at the tenant's full size. Neither may call every agent (design §6).
/// </summary>
internal static class HealthProbe
{
    /// <summary>The slowest of the samples must answer within this (design §6: health never calls every agent).</summary>
    public const double TargetMs = 50;

    private const int Samples = 20;

    public static async Task<HealthFigures> MeasureAsync(ServiceUnderTest service)
    {
        var checks = service.Services.GetRequiredService<HealthCheckService>();
        var channel = new List<double>(Samples);
        var ready = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await service.Connector.GetHealthAsync();
            channel.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await checks.CheckHealthAsync(c => c.Tags.Contains("ready"));
            ready.Add(clock.Elapsed.TotalMilliseconds);
        }

        channel.Sort();
        ready.Sort();
        return new HealthFigures(channel[Samples / 2], channel[^1], ready[Samples / 2], ready[^1]);
    }
}

/// <summary>Milliseconds for the channel's health and for readiness: the median and the slowest of 20.</summary>
internal sealed record HealthFigures(double ChannelP50, double ChannelMax, double ReadyP50, double ReadyMax)
{
    /// <summary>The slowest answer of either.</summary>
    public double Slowest => Math.Max(ChannelMax, ReadyMax);

    public bool MeetsTarget => Slowest <= HealthProbe.TargetMs;
}
