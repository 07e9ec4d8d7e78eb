using Microsoft.Extensions.Options;
using PresenceGrains.Host.Configuration;
using PresenceGrains.Host.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    var app = await PresenceHost.BuildAsync(builder);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingsException or OptionsValidationException)
{
    // A bad setting is the operator's to fix: say which, without a stack trace to dig through.
    Console.Error.WriteLine($"PresenceGrains cannot start: {ex.Message}");
    return 2;
}
