namespace PresenceGrains.Grains.Hosting;

/// <summary>
/// Makes references to grains of one string-keyed interface without resolving the interface on every call:
/// <c>GrainFactory.GetGrain&lt;T&gt;(string)</c> reads the interface's attributes each time, which a trace of the
/// ingest benchmark showed on the connector's hot path (one reference per agent per batch). The grain and interface
/// types are resolved once, from a first reference made the usual way.
/// </summary>
internal sealed class StringKeyedGrains<T>
    where T : IGrainWithStringKey
{
    private readonly IGrainFactory _grains;
    private readonly GrainType _grainType;
    private readonly GrainInterfaceType _interfaceType;

    public StringKeyedGrains(IGrainFactory grains)
    {
        _grains = grains;
        var probe = (GrainReference)(object)grains.GetGrain<T>("-");
        (_grainType, _interfaceType) = (probe.GrainId.Type, probe.InterfaceType);
    }

    public T Get(string key) => (T)_grains.GetGrain(GrainId.Create(_grainType, key), _interfaceType);
}
