using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// The platform channels of the connectors active on this silo, read at each metric collection: a connector enters on
/// activation and leaves on deactivation, so the channel gauges come from the silo that holds the channel, and a
/// connector that is active but stopped still reports (as <c>stopped</c>) instead of falling silent.
/// </summary>
public sealed class ActiveChannels(TimeProvider time)
{
    private static readonly string[] ConnectionNames =
        [.. Enum.GetValues<ChannelConnection>().OrderBy(v => (int)v).Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()))];

    private readonly ConcurrentDictionary<Entry, byte> _entries = new();

    // Shed counts of connectors that left, per tenant, so the observable counter never goes back when one re-activates here.
    private readonly Dictionary<string, long> _shedByLeft = new(StringComparer.Ordinal);

    // Held while shed counts are summed and while a connector's count moves to _shedByLeft: never counted twice or not at all.
    private readonly Lock _shedGate = new();

    /// <summary>Reports <paramref name="read"/> for <paramref name="tenantId"/> until the result is disposed.</summary>
    public IDisposable Enter(string tenantId, Func<ChannelReading> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(read);
        var entry = new Entry(this, tenantId, read);
        _entries[entry] = 0;
        return entry;
    }

    /// <summary>Each channel's connection as a number (<see cref="ChannelConnection"/>), with its name as <c>state</c>.</summary>
    public IEnumerable<Measurement<int>> ObserveState()
    {
        foreach (var (entry, reading) in Read())
        {
            yield return new Measurement<int>(
                (int)reading.Connection,
                new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, entry.TenantId),
                new KeyValuePair<string, object?>(TelemetryTags.StateDimension, ConnectionNames[(int)reading.Connection]));
        }
    }

    /// <summary>Seconds since each channel last heard the platform's heartbeat; none for a channel never subscribed.</summary>
    public IEnumerable<Measurement<double>> ObserveHeartbeatAge()
    {
        var now = time.GetUtcNow();
        foreach (var (entry, reading) in Read())
        {
            if (reading.LastHeartbeat is { } heard)
            {
                yield return new Measurement<double>(
                    Math.Max(0, (now - heard).TotalSeconds), new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, entry.TenantId));
            }
        }
    }

    /// <summary>Deltas shed per tenant since this silo first held its connector, never decreasing.</summary>
    public IEnumerable<Measurement<long>> ObserveShed()
    {
        lock (_shedGate)
        {
            var totals = new Dictionary<string, long>(_shedByLeft, StringComparer.Ordinal);
            foreach (var (entry, _) in Read())
            {
                totals[entry.TenantId] = totals.GetValueOrDefault(entry.TenantId) + entry.Shed;
            }

            return [.. totals.Select(t => new Measurement<long>(t.Value, new KeyValuePair<string, object?>(TelemetryTags.TenantDimension, t.Key)))];
        }
    }

    private List<(Entry Entry, ChannelReading Reading)> Read()
    {
        var readings = new List<(Entry, ChannelReading)>(_entries.Count);
        foreach (var entry in _entries.Keys)
        {
            if (entry.TryRead(out var reading))
            {
                readings.Add((entry, reading));
            }
        }

        return readings;
    }

    private sealed class Entry(ActiveChannels owner, string tenantId, Func<ChannelReading> read) : IDisposable
    {
        private long _shed;

        public string TenantId => tenantId;

        /// <summary>The highest shed count read: a connector's own count dips while it swaps one channel run for the next.</summary>
        public long Shed => Interlocked.Read(ref _shed);

        public bool TryRead(out ChannelReading reading)
        {
            // Collections run off the grain's scheduler, beside whatever the connector is doing; a reading that fails
            // (a run disposed between two reads) is skipped for this collection rather than losing every channel's.
            try
            {
                reading = read();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                reading = default;
                return false;
            }

            long seen;
            while (reading.Shed > (seen = Interlocked.Read(ref _shed)) && Interlocked.CompareExchange(ref _shed, reading.Shed, seen) != seen)
            {
            }

            return true;
        }

        public void Dispose()
        {
            TryRead(out _);
            lock (owner._shedGate)
            {
                if (owner._entries.TryRemove(this, out _))
                {
                    owner._shedByLeft[tenantId] = owner._shedByLeft.GetValueOrDefault(tenantId) + Shed;
                }
            }
        }
    }
}
