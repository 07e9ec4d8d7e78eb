using System.Net;

namespace PresenceGrains.Emulator.Control;

/// <summary>
/// The control surface can rewrite the truth and break the platform on purpose: it answers loopback callers only,
/// unless <see cref="EmulatorOptions.AllowRemoteControl"/> says otherwise.
/// </summary>
internal sealed class LoopbackOnlyFilter(EmulatorOptions options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (options.AllowRemoteControl || remote is null || IPAddress.IsLoopback(remote))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(Results.Problem("The emulator's control endpoints answer loopback callers only.", statusCode: StatusCodes.Status403Forbidden));
    }
}
