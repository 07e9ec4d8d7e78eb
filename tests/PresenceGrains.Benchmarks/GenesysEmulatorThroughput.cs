using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using PresenceGrains.Emulator;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Benchmarks;

/// <summary>
/// <c>emulator --platform genesys</c>: the emulator's Genesys mode bursting deltas to one client holding as many channels
/// as its agents need (1,000 combined topics each, at most 20), a socket per channel; every burst delta toggles an
/// agent between On Queue and Away, so it is two events (presence and routing status).
/// </summary>
internal static class GenesysEmulatorThroughput
{
    private const int EventsPerDelta = 2;
    private static readonly byte[] EventPrefix = Encoding.UTF8.GetBytes("{\"topicName\":\"v2.users.");

    public static async Task<int> RunAsync(long agents, long deltas)
    {
        var topicsPerChannel = GenesysTopics.MaxTopicsPerChannel;
        if (agents > topicsPerChannel * GenesysTopics.MaxChannelsPerClient)
        {
            throw new Cli.UsageException($"--agents for genesys is at most {topicsPerChannel * GenesysTopics.MaxChannelsPerClient:N0} (20 channels of 1,000 topics).");
        }

        var options = new EmulatorOptions { Mode = EmulatorMode.GenesysCloud, DeltaLogCapacity = 10_000 };
        options.Simulation.AgentCount = (int)agents;
        options.Simulation.AutoStart = false;
        options.Simulation.NoiseRatePerSecond = 0;
        await using var server = await EmulatorServer.StartAsync(options);
        using var http = new HttpClient();
        var token = await TokenAsync(http, server);

        var ids = server.Centre.Agents.Select(a => a.AgentId).ToList();
        var sockets = new List<ClientWebSocket>();
        var counting = new List<Task<long>>();
        foreach (var shard in ids.Select((id, index) => (id, index)).Chunk(topicsPerChannel))
        {
            var channel = await SendAsync(http, server, token, HttpMethod.Post, "api/v2/notifications/channels", null, GenesysJsonContext.Default.GenesysChannel);
            await SendAsync(http, server, token, HttpMethod.Put, $"api/v2/notifications/channels/{channel.Id}/subscriptions",
                shard.Select(a => new GenesysChannelTopic(GenesysTopics.Combined(a.id, GenesysUserTopicParts.All))).ToList(), GenesysJsonContext.Default.GenesysChannelTopicListing);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(channel.ConnectUri), CancellationToken.None);

            // The burst walks the agents round-robin: the agents at index < deltas % agents get one delta more.
            var expected = shard.Sum(a => (deltas / agents) + (a.index < deltas % agents ? 1 : 0)) * EventsPerDelta;
            sockets.Add(socket);

            // Read at once: a socket nobody reads answers no ping, and the platform drops it while the others are set up.
            counting.Add(EmulatorThroughput.CountFramesAsync(socket, new byte[64 * 1024], EventPrefix, expected));
        }

        Console.WriteLine($"emulator throughput (Genesys mode): {agents:N0} agents on {sockets.Count} channels, burst of {deltas:N0} deltas ({deltas * EventsPerDelta:N0} events)");
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var started = Stopwatch.GetTimestamp();
        var burst = server.Centre.BurstAsync(deltas);
        var counts = await Task.WhenAll(counting);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await burst;

        var received = counts.Sum();
        Console.WriteLine($"received {received:N0} events in {elapsed.TotalSeconds:F2} s: {received / elapsed.TotalSeconds:N0} events/s ({received / EventsPerDelta / elapsed.TotalSeconds:N0} deltas/s)");
        Console.WriteLine($"allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)Math.Max(1, received):N0} bytes per event (emulator and client, one process)");
        foreach (var socket in sockets)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            socket.Dispose();
        }

        return received == deltas * EventsPerDelta ? 0 : 1;
    }

    private static async Task<string> TokenAsync(HttpClient http, EmulatorServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.GenesysLoginBase, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TenantOptions.DemoClientId}:{TenantOptions.DemoClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(GenesysJsonContext.Default.GenesysTokenResponse))!.AccessToken;
    }

    private static async Task<T> SendAsync<T>(
        HttpClient http, EmulatorServer server, string token, HttpMethod method, string path, IReadOnlyList<GenesysChannelTopic>? body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> answer)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.GenesysApiBase, path));
        request.Headers.Authorization = new("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, GenesysJsonContext.Default.IReadOnlyListGenesysChannelTopic);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(answer))!;
    }
}
