using System.Net;
using System.Net.Sockets;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>A free loopback port, as the operating system hands one out.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
