using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;

namespace PresenceGrains.Emulator.Tests;

public sealed class ControlTests
{
    [Fact]
    public async Task Scripting_over_http_changes_the_truth_and_the_log_pages_by_offset()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);

        using var user = await http.PostAsJsonAsync("emulator/agents/agent-0003/state", new { state = "notReady", reason = "lunch" });
        using var device = await http.PostAsJsonAsync("emulator/devices/agent-0003-softphone/state", new { state = "ringing" });
        using var badState = await http.PostAsJsonAsync("emulator/agents/agent-0003/state", new { state = "asleep" });
        using var unknown = await http.PostAsJsonAsync("emulator/agents/agent-4242/state", new { state = "available" });
        var truth = await http.GetFromJsonAsync<JsonElement>("emulator/truth/agent-0003");
        var firstPage = await http.GetFromJsonAsync<JsonElement>("emulator/log?offset=0&limit=2");
        var secondPage = await http.GetFromJsonAsync<JsonElement>($"emulator/log?offset={firstPage.GetProperty("nextOffset").GetInt64()}&limit=2");

        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.Equal(2, (await device.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(("notReady", "onCall"), (truth.Str("userState"), truth.Str("compositeState")));
        Assert.Equal("ringing", truth.GetProperty("devices")[0].Str("state"));
        Assert.Equal(3, firstPage.GetProperty("total").GetInt64());
        Assert.Equal(["lunch", "scripted"], firstPage.GetProperty("items").EnumerateArray().Select(d => d.Str("reason")));
        Assert.Equal(["composite_changed"], secondPage.GetProperty("items").EnumerateArray().Select(d => d.Str("reason")));
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_as_a_slow_consumer_without_stalling_the_platform()
    {
        await using var server = await TestEmulator.StartAsync(o => o.SendQueueCapacity = 16);
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var agent = server.Centre.Agents[0].AgentId;
        using var frozen = await ChannelClient.SubscribeThenFreezeAsync(server, token, TestEmulator.Subscription(server, agent));

        // Far more than the socket's buffers and the queue hold; the platform must neither block nor buffer without bound.
        for (var i = 0; i < 100_000 && server.OpenSockets > 0; i++)
        {
            server.Centre.SetUserState(agent, i % 2 == 0 ? "notReady" : "available");
        }

        await Timeouts.WaitForAsync(() => server.OpenSockets == 0, "the slow consumer to be closed");
        Assert.NotEqual(WebSocketState.Open, await CloseStateAsync(frozen));
    }

    /// <summary>Reads what is left until the close arrives (or the connection breaks), and reports the final state.</summary>
    private static async Task<WebSocketState> CloseStateAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, Timeouts.Token())).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // Aborted: also closed.
        }

        return socket.State;
    }
}
