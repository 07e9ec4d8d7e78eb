namespace PresenceGrains.Domain.Genesys;

/// <summary>
/// Stamps for the sources Genesys sends without a timestamp (conversation summary, station association): they are
/// ordered by arrival, so each gets the receiving clock's time, made strictly increasing across every stamp handed out.
/// A later arrival therefore always wins last-writer-wins against an earlier one of the same source, however the local
/// clock steps. These stamps are compared only with each other: the sources that carry the platform's own time
/// (presence, routing status) never share a source with them.
/// </summary>
public sealed class ArrivalStamps
{
    private readonly Lock _gate = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The stamp of something that arrived at <paramref name="now"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        lock (_gate)
        {
            _last = now > _last ? now : _last.AddTicks(1);
            return _last;
        }
    }
}
