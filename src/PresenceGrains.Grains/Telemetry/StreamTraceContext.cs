using System.Diagnostics;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// Carries a span across an Orleans stream. Persistent stream providers (memory, Azure Queue) keep the producer's
/// <see cref="RequestContext"/> with each event and restore it at the consumer before <c>OnNextAsync</c>; the span goes
/// there under the same W3C keys Orleans' activity propagation uses for grain calls.
/// </summary>
public static class StreamTraceContext
{
    /// <summary>Puts <paramref name="activity"/> into the request context of what is published next in this flow.</summary>
    public static void Inject(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, null, static (_, key, value) => RequestContext.Set(key, value));
    }

    /// <summary>The span the producer of the event being consumed injected; default when there is none.</summary>
    public static ActivityContext Extract()
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            null,
            static (object? _, string name, out string? value, out IEnumerable<string>? values) =>
            {
                value = RequestContext.Get(name) as string;
                values = null;
            },
            out var traceParent,
            out var traceState);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, out var context) ? context : default;
    }
}
