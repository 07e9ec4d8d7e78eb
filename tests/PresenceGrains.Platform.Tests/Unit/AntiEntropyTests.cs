using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>The background re-read: every watched agent once per period, paced, out of the way of reconnects, on a fake clock.</summary>
public sealed class AntiEntropyTests : IAsyncDisposable
{
    private readonly ObservedTimeProvider _time = new();
    private readonly ChannelStatusTracker _status;
    private readonly EventBuffer _buffer;
    private readonly Channel<ResnapshotRequired> _published = System.Threading.Channels.Channel.CreateUnbounded<ResnapshotRequired>();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger = CapturedLog.Factory.CreateLogger<AntiEntropyTests>();
    private Task _running = Task.CompletedTask;

    public AntiEntropyTests()
    {
        _status = new ChannelStatusTracker(_time, FreshnessTracker.DefaultStaleAfter, 10);
        _buffer = new EventBuffer(100, TimeSpan.FromSeconds(1), 100, [], _status, _time, _logger, TestOptions.TenantId);
        _status.TrySetState(ChannelState.Connected);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    [Fact]
    public async Task Every_agent_is_re_read_once_per_period_in_bulk_sized_chunks_spread_evenly()
    {
        var antiEntropy = Start(Agents(120), o => o.AntiEntropyPeriod = TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(10), antiEntropy.Interval);
        var pass = new List<ResnapshotRequired>();
        for (var i = 0; i < 4; i++)
        {
            pass.Add(await NextAfterAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal([50, 50, 20, 50], pass.Select(r => r.AgentIds.Count));
        Assert.All(pass, r => Assert.Equal(ResnapshotCauses.AntiEntropy, r.Cause));
        Assert.Equal(Agents(120), pass.Take(3).SelectMany(r => r.AgentIds));
        Assert.Equal(pass[0].AgentIds, pass[3].AgentIds);
    }

    [Fact]
    public void A_period_the_rest_share_cannot_keep_is_stretched_to_the_share()
    {
        // 10,000 agents are 200 bulk requests; at 10 requests/s a tenth is one a second, so a pass takes 200 s, not 60.
        var antiEntropy = new AntiEntropy(Agents(10_000), _status, _buffer, (_, _) => Task.CompletedTask, Options(o => o.AntiEntropyPeriod = TimeSpan.FromSeconds(60)), _time, _logger);

        Assert.Equal(TimeSpan.FromSeconds(1), antiEntropy.Interval);
    }

    [Theory]
    [InlineData(100, 30_000)]
    [InlineData(2_000, 1_500)]
    [InlineData(100_000, 1_000)]
    public void At_the_defaults_a_tenant_is_re_read_every_minute_unless_the_rest_share_needs_longer(int agents, int intervalMs)
    {
        // A silently dropped delta stays published until the next pass reaches its agent: a small tenant's pass is a
        // minute, and a tenant too large for that (over 3,000 agents) spends exactly the REST share, as before.
        var antiEntropy = new AntiEntropy(Agents(agents), _status, _buffer, (_, _) => Task.CompletedTask, Options(_ => { }), _time, _logger);

        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), antiEntropy.Interval);
    }

    [Fact]
    public async Task Nothing_is_re_read_while_the_channel_is_not_connected_and_a_reconnect_starts_the_pass_over()
    {
        Start(Agents(120), o => o.AntiEntropyPeriod = TimeSpan.FromSeconds(30));
        Assert.Equal(Agents(120)[..50], (await NextAfterAsync(TimeSpan.FromSeconds(10))).AgentIds);

        _status.TrySetState(ChannelState.Reconnecting);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.False(_published.Reader.TryRead(out _));

        // The reconnect re-read everyone: the next turn is skipped, and the pass begins again at the first chunk.
        _status.Subscribed(afterLoss: true);
        _status.TrySetState(ChannelState.Connected);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.False(_published.Reader.TryRead(out _));
        Assert.Equal(Agents(120)[..50], (await NextAfterAsync(TimeSpan.FromSeconds(10))).AgentIds);
    }

    [Fact]
    public async Task A_consumer_that_is_behind_gets_no_more_re_reads_until_it_has_caught_up()
    {
        Start(Agents(10), o => o.AntiEntropyPeriod = TimeSpan.FromSeconds(10));
        for (var i = 0; i < 20; i++)
        {
            await _buffer.PublishAsync(new HeartbeatReceived(_time.GetUtcNow(), _time.GetUtcNow()), default);
        }

        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.False(_published.Reader.TryRead(out _));

        while (_buffer.Reader.TryRead(out _))
        {
        }

        Assert.Equal(10, (await NextAfterAsync(TimeSpan.FromSeconds(10))).AgentIds.Count);
    }

    private static string[] Agents(int count) => [.. Enumerable.Range(1, count).Select(i => $"agent-{i:D5}")];

    private static PlatformOptions Options(Action<PlatformOptions> adjust) => TestOptions.For(new Uri("http://platform.test/"), adjust);

    private AntiEntropy Start(string[] agents, Action<PlatformOptions> adjust)
    {
        var antiEntropy = new AntiEntropy(
            agents,
            _status,
            _buffer,
            async (e, ct) => await _published.Writer.WriteAsync((ResnapshotRequired)e, ct),
            Options(adjust),
            _time,
            _logger);
        _running = antiEntropy.RunAsync(_stop.Token);
        return antiEntropy;
    }

    /// <summary>Advances the clock by <paramref name="delta"/> once the re-read waits on its timer, then lets it look.</summary>
    private async Task AdvanceAsync(TimeSpan delta)
    {
        await Eventually.HoldsAsync(() => _time.Pending.Count > 0, "the re-read to wait for its turn");
        _time.Advance(delta);
        await Eventually.HoldsAsync(() => _time.Pending.Count > 0 || _published.Reader.Count > 0, "the re-read to take its turn");
    }

    private async Task<ResnapshotRequired> NextAfterAsync(TimeSpan delta)
    {
        await AdvanceAsync(delta);
        return await _published.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
    }
}
