using Orleans.Providers.Streams.Common;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// Orleans' rule (purge once a message is past the minimum time in cache and older than the newest by the maximum age),
/// plus: purge once it has been in the cache for the maximum age, however quiet the stream has been since.
/// </summary>
public sealed class QuietStreamPurge : TimePurgePredicate
{
    private readonly TimeSpan _maxAge;

    public QuietStreamPurge(TimeSpan minTimeInCache, TimeSpan maxAge)
        : base(minTimeInCache, maxAge) => _maxAge = maxAge;

    public override bool ShouldPurgeFromTime(TimeSpan timeInCache, TimeSpan relativeAge) =>
        timeInCache > _maxAge || base.ShouldPurgeFromTime(timeInCache, relativeAge);
}
