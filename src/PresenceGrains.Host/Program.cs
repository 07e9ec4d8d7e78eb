using PresenceGrains.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
var app = await PresenceHost.BuildAsync(builder);
await app.RunAsync();
