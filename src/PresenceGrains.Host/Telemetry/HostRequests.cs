namespace PresenceGrains.Host.Telemetry;

/// <summary>
/// Which incoming requests get a server span: this host's, except health probes. The embedded emulator's Kestrel shares
/// the process (and the ASP.NET Core instrumentation); it plays the platform, and its requests are not this service's.
/// </summary>
internal static class HostRequests
{
    public static bool ShouldTrace(HttpContext context) =>
        context.RequestServices.GetService<IGrainFactory>() is not null
        && !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
