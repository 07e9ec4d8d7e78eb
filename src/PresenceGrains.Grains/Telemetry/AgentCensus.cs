using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// How many watched agents are in each (tenant, published state, freshness, routable), as the tenant directories active
/// on this silo know them: a directory moves an agent's count whenever it takes in a publication, so a collection reads a
/// handful of counters instead of asking every agent.
/// </summary>
public sealed class AgentCensus
{
    private static readonly string[] StateNames = Names<AgentState>();
    private static readonly string[] FreshnessNames = Names<Freshness>();

    private readonly ConcurrentDictionary<CensusKey, StrongBox<long>> _counts = new();

    /// <summary>Moves one agent from where it was counted (null: nowhere) to <paramref name="to"/> (null: gone); returns <paramref name="to"/>.</summary>
    public CensusKey? Move(CensusKey? from, CensusKey? to)
    {
        if (from == to)
        {
            return to;
        }

        if (from is { } old)
        {
            Interlocked.Decrement(ref _counts.GetOrAdd(old, static _ => new StrongBox<long>()).Value);
        }

        if (to is { } key)
        {
            Interlocked.Increment(ref _counts.GetOrAdd(key, static _ => new StrongBox<long>()).Value);
        }

        return to;
    }

    /// <summary>The count of every combination seen so far, zeros included, so a gauge falls to 0 instead of vanishing.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (key, count) in _counts)
        {
            yield return new Measurement<long>(
                Interlocked.Read(ref count.Value),
                new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, key.TenantId),
                new KeyValuePair<string, object?>(TelemetryTags.StateDimension, StateNames[(int)key.State]),
                new KeyValuePair<string, object?>(TelemetryTags.FreshnessDimension, FreshnessNames[(int)key.Freshness]),
                new KeyValuePair<string, object?>(PresenceMetrics.RoutableDimension, key.Routable ? "true" : "false"));
        }
    }

    /// <summary>The API's names (camelCase), so dashboards and the API read alike.</summary>
    private static string[] Names<TEnum>()
        where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().OrderBy(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)).Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()))];
}
