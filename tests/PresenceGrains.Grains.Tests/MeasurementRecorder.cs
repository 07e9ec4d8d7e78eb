using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PresenceGrains.Grains.Telemetry;

namespace PresenceGrains.Grains.Tests;

/// <summary>The measurements of some of the grains' instruments in this process (the test cluster's silo runs here), with their tags.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();

    public MeasurementRecorder(params string[] instruments)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PresenceTelemetry.Name && instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>What an instrument measured for a tenant, oldest first; observable instruments are read first.</summary>
    public IReadOnlyList<Recorded> Of(string instrument, string tenant)
    {
        _listener.RecordObservableInstruments();
        return [.. _recorded.Where(r => r.Instrument == instrument && r.Tags.GetValueOrDefault("tenant") == tenant)];
    }

    /// <summary>An observable instrument's measurements for a tenant at one collection, taken now.</summary>
    public IReadOnlyList<Recorded> Observe(string instrument, string tenant)
    {
        _recorded.Clear();
        return Of(instrument, tenant);
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            named[tag.Key] = tag.Value?.ToString() ?? "";
        }

        _recorded.Enqueue(new Recorded(instrument.Name, value, named));
    }

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags);
}
