using Microsoft.Extensions.Options;
using PresenceGrains.Emulator.Hosting;

// The emulator on its own: `dotnet run --project src/PresenceGrains.Emulator` (http://127.0.0.1:5080 unless --urls,
// ASPNETCORE_URLS or Emulator:Url say otherwise). Options come from appsettings.json and the command line
// (e.g. --Emulator:Simulation:AgentCount=500). Endpoints live in OAuth/, Channel/, Rest/ and Control/.
var builder = WebApplication.CreateBuilder(args);
var options = EmulatorApp.BindOptions(builder.Configuration);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(options.Url ?? "http://127.0.0.1:5080");
}

WebApplication app;
try
{
    app = EmulatorApp.Build(builder, options, TimeProvider.System);
}
catch (OptionsValidationException invalid)
{
    Console.Error.WriteLine("The emulator's options are invalid:");
    foreach (var failure in invalid.Failures)
    {
        Console.Error.WriteLine("  " + failure);
    }

    return 1;
}

await app.RunAsync();
return 0;
