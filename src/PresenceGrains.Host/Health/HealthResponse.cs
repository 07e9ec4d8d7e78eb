using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PresenceGrains.Host.Health;

/// <summary>
/// Writes a health report as JSON with each check's description: a probe reads the status code, and an operator reads
/// why it is not ready. Exceptions are named by type only: their messages may hold addresses or worse.
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
