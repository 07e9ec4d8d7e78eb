using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace PresenceGrains.Host.Auth;

/// <summary>JWT bearer authentication and the scope policies of the API.</summary>
public static class AuthSetup
{
    public static void AddPresenceAuth(this IServiceCollection services, AuthSettings settings)
    {
        var keys = new SigningKeys(settings);
        services.AddSingleton(keys);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            if (settings.Authority is { } authority)
            {
                o.Authority = authority.ToString();
                o.Audience = settings.Audience;
            }
            else
            {
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = keys.Key,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            }

            // Browsers cannot set headers on EventSource: the live feed alone may carry its token in the query string.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
                        && context.Request.Query.TryGetValue("access_token", out var token))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(PresenceScopes.ReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasScope(c.User, PresenceScopes.Read) || HasScope(c.User, PresenceScopes.Admin)))
            .AddPolicy(PresenceScopes.AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasScope(c.User, PresenceScopes.Admin)));
    }

    public static bool HasScope(ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Claims
            .Where(c => PresenceScopes.ScopeClaims.Contains(c.Type))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);
    }
}
