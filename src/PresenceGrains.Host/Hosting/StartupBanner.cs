using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PresenceGrains.Host.Hosting;

/// <summary>Tells a newcomer what to open: the supervisor page, and the embedded emulator when there is one.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, EmbeddedEmulator? emulator)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var page = addresses.FirstOrDefault() ?? "(no address)";
        Console.WriteLine();
        Console.WriteLine($"PresenceGrains is running. Supervisor page: {page}/");
        Console.WriteLine($"  API: {page}/api/tenants/{{tenant}}/agents   OpenAPI: {page}/openapi/v1.json   Health: {page}/health/ready");
        if (emulator is not null)
        {
            var mode = emulator.IsGenesys ? $" in Genesys Cloud mode (login {emulator.BaseUrl}genesys/login, API {emulator.BaseUrl}genesys/api)" : string.Empty;
            Console.WriteLine($"  Embedded platform emulator: {emulator.BaseUrl.ToString().TrimEnd('/')}{mode} (truth: {emulator.BaseUrl}emulator/truth)");
        }

        Console.WriteLine();
    }
}
