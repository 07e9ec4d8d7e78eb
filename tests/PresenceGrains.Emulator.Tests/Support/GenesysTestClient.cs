using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Tests.Support;

/// <summary>
/// A Genesys Cloud client of the emulator's Genesys mode over real HTTP, at the login and API bases the official SDKs
/// would be pointed at; every answer it reads is held to the Genesys schemas strictly (the emulator adds nothing).
/// </summary>
internal sealed class GenesysTestClient(EmulatorServer server, HttpClient http, string token) : IDisposable
{
    public string Token { get; } = token;

    /// <summary>Options for a quiet Genesys-mode emulator: no simulation by itself, heartbeats every 200 ms.</summary>
    public static EmulatorOptions Options(int agents = 20)
    {
        var options = TestEmulator.Options(agents);
        options.Mode = EmulatorMode.GenesysCloud;
        options.Genesys.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        return options;
    }

    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null, int agents = 20)
    {
        var options = Options(agents);
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>Logs in with the demo client (client credentials, HTTP Basic) at <c>/genesys/login/oauth/token</c>.</summary>
    public static async Task<GenesysTestClient> LoginAsync(EmulatorServer server)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.GenesysLoginBase, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TenantOptions.DemoClientId}:{TenantOptions.DemoClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await ReadValidAsync(response, GenesysSchemaKind.TokenResponse);
        return new GenesysTestClient(server, http, body.GetProperty("access_token").GetString()!);
    }

    public HttpRequestMessage Api(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server.GenesysApiBase, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = Api(method, path, body);
        return await http.SendAsync(request);
    }

    public async Task<GenesysChannel> CreateChannelAsync()
    {
        using var response = await SendAsync(HttpMethod.Post, "api/v2/notifications/channels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadValidAsync(response, GenesysSchemaKind.Channel);
        return body.Deserialize(GenesysJsonContext.Default.GenesysChannel)!;
    }

    /// <summary>PUT (replace) or POST (add) topics; returns the answer's status and, on 200, the topics with their states.</summary>
    public async Task<(HttpStatusCode Status, Dictionary<string, string> States)> SubscribeAsync(string channelId, IEnumerable<string> topics, bool replace = true)
    {
        using var response = await SendAsync(replace ? HttpMethod.Put : HttpMethod.Post, $"api/v2/notifications/channels/{channelId}/subscriptions", topics.Select(t => new { id = t }).ToArray());
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await ReadValidAsync(response, GenesysSchemaKind.ErrorBody);
            return (response.StatusCode, []);
        }

        var body = await ReadValidAsync(response, GenesysSchemaKind.TopicListing);
        return (response.StatusCode, body.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("state").GetString()!));
    }

    /// <summary>A channel with every part of each user's topics (combined form), and its socket connected.</summary>
    public async Task<(GenesysChannel Channel, ChannelClient Socket)> OpenAsync(params string[] users)
    {
        var channel = await CreateChannelAsync();
        var (status, _) = await SubscribeAsync(channel.Id, users.Select(u => GenesysTopics.Combined(u, GenesysUserTopicParts.All)));
        Assert.Equal(HttpStatusCode.OK, status);
        return (channel, await ConnectAsync(channel));
    }

    /// <summary>
    /// Connects to a channel and waits for the pong to a ping: the 101 reaches the client before the platform has
    /// attached the socket to its channel, and events emitted in between go nowhere; the pong proves it is attached.
    /// </summary>
    public static async Task<ChannelClient> ConnectAsync(GenesysChannel channel)
    {
        var socket = await ChannelClient.ConnectToAsync(new Uri(channel.ConnectUri));
        await socket.SendTextAsync("""{"message":"ping"}""");
        await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Pong);
        return socket;
    }

    /// <summary>The body, which must satisfy its schema as written (no undeclared properties either).</summary>
    public static async Task<JsonElement> ReadValidAsync(HttpResponseMessage response, GenesysSchemaKind kind)
    {
        var body = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        AssertValid(kind, body);
        return body;
    }

    public static void AssertValid(GenesysSchemaKind kind, JsonElement message)
    {
        var result = GenesysSchemas.EvaluateStrict(kind, message);
        Assert.True(result.IsValid, $"{kind}: {result.Describe()}\n{message}");
    }

    /// <summary>A socket frame, held strictly to the schema its topic calls for.</summary>
    public static void AssertValidFrame(JsonElement frame)
    {
        var kind = frame.TryGetProperty("topicName", out var topic)
            ? GenesysSchemas.NotificationKind(topic.GetString()!) ?? throw new Xunit.Sdk.XunitException($"Unexpected topic: {frame}")
            : GenesysSchemaKind.SocketResult;
        AssertValid(kind, frame);
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Reading Genesys frames.</summary>
internal static class GenesysFrames
{
    public static string? Topic(this JsonElement frame) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("topicName", out var topic) ? topic.GetString() : null;

    public static string? MetadataMessage(this JsonElement frame) =>
        frame.Topic() == GenesysTopics.ChannelMetadata ? frame.GetProperty("eventBody").GetProperty("message").GetString() : null;
}
