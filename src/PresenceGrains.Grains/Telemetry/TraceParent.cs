using System.Diagnostics;
using System.Globalization;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// A span context as a W3C <c>traceparent</c> string, the form in which a delta's trace travels inside grain messages
/// (one short string per delta, only while something traces).
/// </summary>
internal static class TraceParent
{
    public static string? Format(ActivityContext context) =>
        context == default
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(int)context.TraceFlags:x2}");

    public static bool TryParse(string? traceParent, out ActivityContext context)
    {
        context = default;
        return traceParent is not null && ActivityContext.TryParse(traceParent, null, out context);
    }
}
