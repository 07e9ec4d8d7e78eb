using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceGrains.Grains.History;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>The live feed over real HTTP: ids, and resume with Last-Event-ID.</summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class FeedTests(EmbeddedHostFixture fixture)
{
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task A_client_that_resumes_with_last_event_id_gets_exactly_what_it_missed_in_order()
    {
        using var client = await Host.ClientAsync();
        long lastSeen;
        await using (var feed = await SseReader.OpenAsync(client, "/api/tenants/demo/events"))
        {
            var first = await feed.NextAsync();
            var second = await feed.NextAsync();
            Assert.NotNull(first.Id);
            Assert.True(second.Id > first.Id);
            Assert.Equal("demo", JsonDocument.Parse(second.Data).RootElement.GetProperty("tenantId").GetString());
            lastSeen = second.Id!.Value;
        }

        // While the client is away, the contact centre goes on changing.
        var history = Host.Services.GetRequiredService<IPresenceHistory>();
        var missed = await Wait.UntilAsync(() => history.ReadFeedAsync("demo", lastSeen, 1000), m => m.Count >= 5, what: "changes while away");

        await using var resumed = await SseReader.OpenAsync(client, "/api/tenants/demo/events", lastSeen);
        var received = new List<long>();
        while (received.Count < missed.Count)
        {
            received.Add((await resumed.NextAsync()).Id!.Value);
        }

        Assert.Equal(missed.Select(m => m.Id), received);
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => lastSeen + i), received);

        // After the replay the live feed continues with the next id: no gap, no duplicate.
        var next = await resumed.NextAsync();
        Assert.Equal(received[^1] + 1, next.Id);
    }

    [Fact]
    public async Task A_bad_last_event_id_is_a_400()
    {
        using var client = await Host.ClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/demo/events");
        request.Headers.Add("Last-Event-ID", "not-a-number");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
