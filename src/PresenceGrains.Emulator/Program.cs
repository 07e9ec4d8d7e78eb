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

var app = EmulatorApp.Build(builder, options, TimeProvider.System);
await app.RunAsync();
