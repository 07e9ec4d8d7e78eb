using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Emulator;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Benchmarks;

/// <summary>
/// <c>emulator [--agents N] [--deltas N] [--platform seed|genesys] [--smoke]</c>: a real ClientWebSocket subscribed to
/// every agent of a large centre while the emulator bursts deltas as fast as the socket takes them; prints deltas per
/// second received. With <c>--platform genesys</c>, the Genesys mode (<see cref="GenesysEmulatorThroughput"/>).
/// </summary>
internal static class EmulatorThroughput
{
    private static readonly byte[] DeltaPrefix = Encoding.UTF8.GetBytes("{\"eventType\":\"presenceStateChange\"");

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new CommandArguments(args, ["--agents", "--deltas", "--platform"], ["--smoke"]);
        var genesys = arguments.Text("--platform") switch
        {
            null or "seed" => false,
            "genesys" => true,
            var other => throw new UsageException($"--platform must be seed or genesys (was '{other}')."),
        };
        var agents = arguments.Number("--agents", arguments.Flag("--smoke") ? 1_000 : genesys ? 20_000 : 100_000);
        var deltas = arguments.Number("--deltas", arguments.Flag("--smoke") ? 20_000 : 1_000_000);
        if (genesys)
        {
            return await GenesysEmulatorThroughput.RunAsync(agents, deltas);
        }

        var options = new EmulatorOptions { DeltaLogCapacity = 10_000, MaxClientFrameBytes = 16 * 1024 * 1024 };
        options.Simulation.AgentCount = (int)agents;
        options.Simulation.AutoStart = false;
        options.Simulation.NoiseRatePerSecond = 0;

        await using var server = await EmulatorServer.StartAsync(options);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var token = await TokenAsync(http);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{server.ChannelUrl}?access_token={token}"), CancellationToken.None);
        var ids = server.Centre.Agents.Select(a => a.AgentId).ToList();
        var request = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(ids), ["available", "notReady"])]);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.SubscriptionRequest), WebSocketMessageType.Text, true, CancellationToken.None);

        var buffer = new byte[64 * 1024];
        await ReceiveUntilSubscribedAsync(socket, buffer);
        Console.WriteLine($"emulator throughput: {agents:N0} agents, burst of {deltas:N0} deltas to one ClientWebSocket subscribed to every agent");

        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        var burst = server.Centre.BurstAsync(deltas);
        var received = await CountFramesAsync(socket, buffer, DeltaPrefix, deltas);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await burst;

        Console.WriteLine($"received {received:N0} deltas in {elapsed.TotalSeconds:F2} s: {received / elapsed.TotalSeconds:N0} deltas/s");
        Console.WriteLine($"allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)received:N0} bytes per delta (emulator and client, one process); gen0 collections: {GC.CollectionCount(0) - gcBefore}");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return received == deltas ? 0 : 1;
    }

    /// <summary>Counts frames that start with <paramref name="prefix"/> (as a cheap client would recognise them) until <paramref name="expected"/>.</summary>
    internal static async Task<long> CountFramesAsync(ClientWebSocket socket, byte[] buffer, byte[] prefix, long expected)
    {
        var count = 0L;
        var start = true;
        while (count < expected)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            if (start && buffer.AsSpan(0, result.Count).StartsWith(prefix))
            {
                count++;
            }

            start = result.EndOfMessage;
        }

        return count;
    }

    private static async Task ReceiveUntilSubscribedAsync(ClientWebSocket socket, byte[] buffer)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("\"subscribed\"", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token") { Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]) };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TenantOptions.DemoClientId}:{TenantOptions.DemoClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.TokenResponse))!.AccessToken;
    }
}
