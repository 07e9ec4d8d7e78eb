using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>Two real WebSocket ends over a loopback TCP connection, for testing the frame reader in isolation.</summary>
public sealed class LoopbackWebSockets : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private LoopbackWebSockets(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
        Client = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        Server = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
    }

    public WebSocket Client { get; }

    public WebSocket Server { get; }

    public static async Task<LoopbackWebSockets> OpenAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new LoopbackWebSockets(client, await accept);
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        _client.Dispose();
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
