using System.Diagnostics;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// The connector's grain call for a batch's deltas of one grain, as a span: in the trace of the first delta it carries,
/// linked to the others (each of which the grain continues in its own trace). Orleans propagates the span into the call.
/// </summary>
internal static class DispatchTrace
{
    /// <summary>Makes the call; <paramref name="target"/> keeps the untraced path free of allocations.</summary>
    public static Task<TResult> CallAsync<TTarget, TResult>(
        string tenantId, IReadOnlyList<SignalInput> inputs, TTarget target, Func<TTarget, IReadOnlyList<SignalInput>, Task<TResult>> call)
    {
        if (!PresenceTelemetry.Source.HasListeners() || !TraceParent.TryParse(inputs[0].TraceParent, out var first))
        {
            return call(target, inputs);
        }

        return TracedAsync(tenantId, inputs, first, target, call);
    }

    private static async Task<TResult> TracedAsync<TTarget, TResult>(
        string tenantId, IReadOnlyList<SignalInput> inputs, ActivityContext first, TTarget target, Func<TTarget, IReadOnlyList<SignalInput>, Task<TResult>> call)
    {
        List<ActivityLink>? links = null;
        for (var i = 1; i < inputs.Count; i++)
        {
            if (TraceParent.TryParse(inputs[i].TraceParent, out var other) && other.TraceId != first.TraceId)
            {
                (links ??= []).Add(new ActivityLink(other));
            }
        }

        using var span = PresenceTelemetry.Start(PresenceTelemetry.DispatchSpan, ActivityKind.Internal, first, links);
        span?.SetTag(TelemetryTags.Tenant, tenantId);
        span?.SetTag(TelemetryTags.Deltas, inputs.Count);
        return await call(target, inputs);
    }
}
