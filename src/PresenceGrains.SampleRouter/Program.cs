using PresenceGrains.SampleRouter;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleansClient(client => client.UsePresenceCluster(builder.Configuration));
builder.Services.AddOptions<RouterOptions>().Bind(builder.Configuration.GetSection(RouterOptions.Section))
    .Validate(o => !string.IsNullOrWhiteSpace(o.Tenant), "Router:Tenant must name a tenant.")
    .Validate(o => o.DecisionPeriod > TimeSpan.Zero, "Router:DecisionPeriod must be positive.")
    .ValidateOnStart();
builder.Services.AddHostedService<Router>();

try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex) when (ex is PresenceException or OptionsValidationException)
{
    Console.Error.WriteLine($"The router cannot start: {ex.Message}");
    return 2;
}
