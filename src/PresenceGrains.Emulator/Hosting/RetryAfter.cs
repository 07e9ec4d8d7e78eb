using System.Globalization;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>The <c>429 Too Many Requests</c> answer with a <c>Retry-After</c> in whole seconds, rounded up.</summary>
internal static class RetryAfter
{
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string message)
    {
        var seconds = (int)Math.Ceiling(Math.Max(0, retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Text(message, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
