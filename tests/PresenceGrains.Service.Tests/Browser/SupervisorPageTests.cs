using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PresenceGrains.Emulator;
using PresenceGrains.Service.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PresenceGrains.Service.Tests.Browser;

/// <summary>
/// The supervisor page in a real browser against the real service (embedded default, its own host: the test drops the
/// platform channel, which the shared host's tests must not see).
/// </summary>
public sealed class SupervisorPageTests : IAsyncLifetime
{
    /// <summary>Set to 1 to refresh the screenshot the docs show (a normal run leaves the repository untouched).</summary>
    public const string UpdateDocsVariable = "PRESENCE_UPDATE_DOCS_SCREENSHOT";

    private const float Patience = 20_000;

    private RunningHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = await RunningHost.StartAsync(new Dictionary<string, string?>
        {
            // A quick day, so agents change state within seconds.
            ["Presence:Embedded:Emulator:Simulation:TimeScale"] = "0.05",
            ["Presence:Embedded:Emulator:Simulation:LoginSpreadSeconds"] = "1",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_page_follows_every_agent_live_rides_out_lost_connections_and_shows_a_timeline()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        // The page's first connection to the live feed is cut at once, as a proxy may do: the page says it lost the
        // service, and recovers by itself when the browser reconnects.
        var feedConnections = 0;
        await page.RouteAsync(new Regex("/events\\?"), route => Interlocked.Increment(ref feedConnections) == 1
            ? route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = "retry: 3000\n\n" })
            : route.ContinueAsync());
        await page.GotoAsync(_host.BaseAddress.ToString());
        var banner = page.GetByTestId("channel-banner");
        await Expect(banner).ToHaveAttributeAsync("role", "status");
        await Expect(banner).ToContainTextAsync("Connection to service lost", new() { Timeout = Patience });
        await Expect(banner).ToBeEmptyAsync(new() { Timeout = Patience });
        Assert.True(Volatile.Read(ref feedConnections) >= 2, "the page did not reconnect to the feed");

        // The grid fills with every agent of the contact centre, and the header counts them.
        var emulator = _host.Emulator!.Server;
        var agentIds = emulator.Centre.Agents.Select(a => a.AgentId).Order(StringComparer.Ordinal).ToList();
        var rows = page.GetByTestId("agent-row");
        await Expect(rows).ToHaveCountAsync(agentIds.Count, new() { Timeout = Patience });
        var shownIds = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.agentId)");
        Assert.Equal(agentIds, shownIds.Order(StringComparer.Ordinal));
        await Expect(page.GetByTestId("count-total")).ToHaveTextAsync(agentIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // An agent changes state in the grid without a reload.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var before = await rows.EvaluateAllAsync<Dictionary<string, string>>(
            "rows => Object.fromEntries(rows.map(r => [r.dataset.agentId, r.querySelector('[data-testid=agent-state]').textContent]))");
        var changedHandle = await page.WaitForFunctionAsync(
            """
            before => [...document.querySelectorAll('[data-testid=agent-row]')]
              .find(r => r.querySelector('[data-testid=agent-state]').textContent !== before[r.dataset.agentId])?.dataset.agentId
            """,
            before,
            new() { Timeout = Patience });
        var changedAgent = await changedHandle.JsonValueAsync<string>();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
        var countSum = await page.EvaluateAsync<int>(
            "() => ['offline', 'available', 'notReady', 'wrapUp', 'onCall'].reduce((s, k) => s + Number(document.querySelector(`[data-testid=count-${k}]`).textContent), 0)");
        Assert.Equal(agentIds.Count, countSum);

        // The search narrows the grid to the agent that owns a device.
        var device = emulator.Centre.Agents.Single(a => a.AgentId == changedAgent).DeviceIds[0];
        await page.GetByTestId("search").FillAsync(device);
        await Expect(rows.Filter(new() { Visible = true })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { Visible = true })).ToHaveAttributeAsync("data-agent-id", changedAgent);
        await page.GetByTestId("search").FillAsync("");
        await Expect(rows.Filter(new() { Visible = true })).ToHaveCountAsync(agentIds.Count);

        // The platform drops the channel and refuses to take it back for a while: the banner says so, then goes.
        emulator.Faults.RefuseReconnects = new RefuseReconnectsFault(DurationSeconds: 3, RetryAfterSeconds: 1);
        emulator.DropAllSockets();
        await Expect(banner).ToContainTextAsync("reconnecting", new() { IgnoreCase = true, Timeout = Patience });
        await Expect(banner).ToBeEmptyAsync(new() { Timeout = Patience });
        await Expect(page.GetByTestId("channel-status")).ToHaveTextAsync("Connected");

        // A click on the agent opens its timeline: its transitions, and the channel's disconnection just now.
        await page.Locator($"[data-testid=agent-row][data-agent-id='{changedAgent}'] button").ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToBeVisibleAsync();
        await Expect(timeline).ToHaveAttributeAsync("data-agent-id", changedAgent);
        await Expect(timeline.GetByTestId("timeline-transition").First).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(timeline.GetByTestId("timeline-disconnection").First).ToBeVisibleAsync(new() { Timeout = Patience });

        await SaveScreenshotAsync(page);
        Assert.Empty(scriptErrors);
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var shot = Path.Combine(AppContext.BaseDirectory, "TestResults", "supervisor.png");
        await page.ScreenshotAsync(new() { Path = shot });
        if (Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            var docs = Path.Combine(RepoRoot.Find(), "docs", "images", "supervisor.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(shot, docs, overwrite: true);
        }
    }
}
