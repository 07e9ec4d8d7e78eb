namespace PresenceGrains.Host.Auth;

/// <summary>
/// Tenant isolation: a token sees only the tenant its <c>tenant</c> claim names. A route for another tenant answers 403
/// before any grain is touched.
/// </summary>
public sealed class TenantAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var routeTenant = http.GetRouteValue("tenant") as string;
        var claimTenant = http.User.FindFirst(PresenceScopes.TenantClaim)?.Value;
        if (routeTenant is null || !string.Equals(routeTenant, claimTenant, StringComparison.Ordinal))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden tenant",
                detail: "This token does not grant access to this tenant.");
        }

        return await next(context);
    }
}
