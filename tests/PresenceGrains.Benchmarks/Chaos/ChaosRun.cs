using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// The chaos scenarios on a running <see cref="LocalCluster"/>: a silo killed or stopped while a surviving one is read
/// every <see cref="PollPeriod"/>, a feed client moved from the lost silo to a survivor, and a rolling restart.
/// </summary>
internal sealed class ChaosRun(LocalCluster cluster, IReadOnlyList<HttpClient> clients)
{
    private const string Tenant = "demo";
    private const string RoutableWhileEngaged = "routable while engaged";
    private const string OfflineWhileSignedIn = "Offline while signed in";
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly MembershipTable _membership = new(cluster.StorageConnectionString, cluster.ClusterId);

    /// <summary>The host whose silo holds the tenant's connector, once the channel is connected.</summary>
    public async Task<int> ChannelHostAsync()
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var host in Running())
            {
                var sample = await ClusterSample.TakeAsync(cluster, clients[host - 1]);
                if (sample.Channel is { Connection: ChannelConnection.Connected, Silo: { } silo })
                {
                    return cluster.HostOfSilo(silo);
                }
            }

            await Task.Delay(PollPeriod);
        }

        throw new TimeoutException("The channel did not connect.");
    }

    /// <summary>
    /// Agents a read may find wrong and still count as true: on this loaded machine a few agents stay wrong at every read
    /// (activations timing out under load lose their deltas until a re-read), so a loss is judged against the cluster's
    /// own best before it rather than against a perfection it never showed. Zero unless the cluster never settled.
    /// </summary>
    public int Tolerance { get; private set; }

    /// <summary>
    /// Waits until a host reads every agent Fresh and equal to the truth (within <see cref="Tolerance"/>); the seconds it
    /// took, NaN past the bound. The fewest wrong agents seen is returned too.
    /// </summary>
    public async Task<(double Seconds, int FewestWrong)> SettleAsync(TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var fewest = int.MaxValue;
        while (clock.Elapsed < bound)
        {
            var sample = await ClusterSample.TakeAsync(cluster, clients[Running().First() - 1]);
            if (sample.Answered && sample.Fresh == sample.Agents && sample.Agents > 0)
            {
                fewest = Math.Min(fewest, sample.Wrong);
            }

            if (IsTrue(sample))
            {
                return (clock.Elapsed.TotalSeconds, sample.Wrong);
            }

            await Task.Delay(PollPeriod);
        }

        return (double.NaN, fewest);
    }

    /// <summary>The cluster settled only as far as this: later losses are judged against it.</summary>
    public void Tolerate(int wrong) => Tolerance = wrong;

    private bool IsTrue(ClusterSample sample) => sample.Answered && sample.Agents > 0 && sample.Fresh == sample.Agents && sample.Wrong <= Tolerance;

    /// <summary>
    /// Takes one silo away (<c>kill -9</c> when <paramref name="hard"/>, SIGTERM otherwise) and reads a survivor until
    /// membership has declared it dead, the channel is connected on a survivor and every agent is Fresh and true; then
    /// starts it again. With <paramref name="followFeed"/>, a feed client of the lost silo resumes on the survivor.
    /// </summary>
    public async Task<(SiloLossFigures Loss, FeedResumeFigures? Feed)> LoseAsync(string scenario, int victim, bool hard, bool followFeed)
    {
        var holder = await ChannelHostAsync();
        var victimSilo = $"127.0.0.1:{cluster.SiloPort(victim)}";
        var observerHost = Running().First(h => h != victim);
        var observer = clients[observerHost - 1];
        SseFeedRecorder? lostFeed = null, liveFeed = null;
        if (followFeed)
        {
            liveFeed = await SseFeedRecorder.OpenAsync(observer, Tenant);
            lostFeed = await SseFeedRecorder.OpenAsync(clients[victim - 1], Tenant);
            await WaitAsync(() => lostFeed.Events.Count > 0 && liveFeed.Events.Count > 0, TimeSpan.FromSeconds(60), "events on both feeds");
        }

        Progress.Say($"chaos: {scenario}: host {victim} ({(victim == holder ? "holds the channel" : "no channel")}), read from host {observerHost}");
        var clock = Stopwatch.StartNew();
        DateTimeOffset? channelLostAt = victim == holder ? DateTimeOffset.UtcNow : null;
        if (hard)
        {
            cluster.Kill(victim);
        }
        else
        {
            await cluster.SignalAsync(victim, "TERM");
        }

        var victimPort = cluster.SiloPort(victim);
        await using var channelWatch = ChannelWatch.Start(observer, victimSilo, () => _membership.IsDeadAsync(victimPort), clock);

        double dead = double.NaN, reopened = victim == holder ? double.NaN : 0, elsewhere = victim == holder ? double.NaN : 0, allTrue = double.NaN, notConnected = 0, falseAvailableMs = 0;
        int reads = 0, unanswered = 0, mostReconnecting = 0, mostStale = 0, falseOffline = 0, unheard = 0, explained = 0, explainedOffline = 0;
        var last = TimeSpan.Zero;
        IReadOnlyList<WrongAgent> lastWrong = [];
        while (clock.Elapsed < Bound && (double.IsNaN(dead) || double.IsNaN(elsewhere) || double.IsNaN(allTrue)))
        {
            var sample = await ClusterSample.TakeAsync(cluster, observer, channelLostAt);
            var now = clock.Elapsed;
            var step = (now - last).TotalMilliseconds;
            last = now;
            reads++;
            unanswered += sample.Answered ? 0 : 1;
            lastWrong = sample.Answered ? sample.Examples : lastWrong;
            var connected = sample.Channel is { Connection: ChannelConnection.Connected } channel && channel.Silo != victimSilo;

            // Reopened: the socket is subscribed on another silo and its first snapshot under way (Connecting), or done.
            if (double.IsNaN(reopened) && sample.Channel is { Connection: ChannelConnection.Connecting or ChannelConnection.Connected } opening
                && opening.Silo is not null && opening.Silo != victimSilo)
            {
                reopened = now.TotalSeconds;
            }

            notConnected += connected ? 0 : step / 1000;
            if (double.IsNaN(elsewhere) && connected)
            {
                elsewhere = now.TotalSeconds;
            }

            reopened = Earlier(reopened, channelWatch.ReopenedSeconds);
            elsewhere = Earlier(elsewhere, channelWatch.ConnectedSeconds);
            dead = Earlier(dead, channelWatch.DeadSeconds);

            mostReconnecting = Math.Max(mostReconnecting, sample.Reconnecting);
            mostStale = Math.Max(mostStale, sample.Stale);
            falseOffline += sample.FalseOffline;
            unheard += sample.UnheardSignIns;
            falseAvailableMs += sample.FalseRoutable * step;
            explained += await ExplainAsync(scenario, RoutableWhileEngaged, now, sample.FalseRoutable, sample.FalseRoutableExamples, observer, explained);
            explainedOffline += await ExplainAsync(scenario, OfflineWhileSignedIn, now, sample.FalseOffline, sample.FalseOfflineExamples, observer, explainedOffline);
            if (double.IsNaN(allTrue) && !double.IsNaN(elsewhere) && IsTrue(sample))
            {
                allTrue = now.TotalSeconds;
            }

            await Task.Delay(PollPeriod);
        }

        // Never all true: say which agents were still wrong at the last read, and what their own grains said.
        var stillWrong = double.IsNaN(allTrue) ? await ClusterSample.ExplainAsync(observer, lastWrong) : [];
        foreach (var line in stillWrong)
        {
            Progress.Say($"chaos: {scenario}: still wrong at the end: {line}");
        }

        var feed = followFeed ? await ResumeAsync(lostFeed!, liveFeed!, observer) : null;
        await cluster.WaitExitedAsync(victim, TimeSpan.FromMinutes(1));
        await cluster.StartHostAsync(victim);
        var loss = new SiloLossFigures(scenario, hard ? "SIGKILL" : "SIGTERM", victim == holder, dead, reopened, elsewhere, allTrue, notConnected,
            mostReconnecting, mostStale, falseOffline, unheard, falseAvailableMs, unanswered, reads) { StillWrong = stillWrong };
        Progress.Say($"chaos: {scenario}: dead {dead:0.0} s, channel reopened elsewhere {reopened:0.0} s, connected {elsewhere:0.0} s, all Fresh and true {allTrue:0.0} s, " +
            $"false-Available {falseAvailableMs:0} agent-ms, false Offline reads {falseOffline}, Offline shown not Fresh for sign-ins after the channel was lost {unheard}");
        return (loss, feed);
    }

    /// <summary>
    /// Says, for the first few reads of a scenario that showed agents wrong in one way (<paramref name="what"/>: routable
    /// while engaged, Offline while signed in), which ones: as listed, as their own grains answer just after, and the
    /// truth. A list behind its agents and agents that are wrong themselves need different fixes. Returns how many reads
    /// it explained (0 or 1).
    /// </summary>
    private static async Task<int> ExplainAsync(
        string scenario, string what, TimeSpan at, int count, IReadOnlyList<WrongAgent> examples, HttpClient host, int explainedSoFar)
    {
        if (count == 0 || explainedSoFar >= 3)
        {
            return 0;
        }

        foreach (var line in await ClusterSample.ExplainAsync(host, examples))
        {
            Progress.Say($"chaos: {scenario}: {what} at {at.TotalSeconds:0.0} s ({count} agents): {line}");
        }

        return 1;
    }

    private static double Earlier(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);

    /// <summary>Stops (SIGTERM) and starts every silo in turn while a running one is read throughout.</summary>
    public async Task<RollingRestartFigures> RollAsync()
    {
        var restarting = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        int worst = 0, reads = 0, moves = 0, falseOffline = 0, unheard = 0, worstAgents = 0, explained = 0, explainedOffline = 0;
        double notConnected = 0, falseAvailableMs = 0;
        string? lastSilo = null;

        // When the channel's silo was last stopped: sign-ins after it reach the service only through the next channel.
        var channelLostAtTicks = 0L;
        var sampling = Task.Run(async () =>
        {
            var last = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                var observer = Running().First(h => h != Volatile.Read(ref restarting));
                var lostTicks = Interlocked.Read(ref channelLostAtTicks);
                var sample = await ClusterSample.TakeAsync(cluster, clients[observer - 1], lostTicks == 0 ? null : new DateTimeOffset(lostTicks, TimeSpan.Zero));
                var now = clock.Elapsed;
                var step = (now - last).TotalMilliseconds;
                last = now;
                reads++;
                if (sample.Answered && sample.Wrong > worst)
                {
                    worst = sample.Wrong;
                    worstAgents = sample.Agents;
                }

                var connected = sample.Channel is { Connection: ChannelConnection.Connected };
                notConnected += connected ? 0 : step / 1000;
                if (sample.Channel?.Silo is { } silo && connected)
                {
                    moves += lastSilo is not null && silo != lastSilo ? 1 : 0;
                    lastSilo = silo;
                }

                falseOffline += sample.FalseOffline;
                unheard += sample.UnheardSignIns;
                falseAvailableMs += sample.FalseRoutable * step;
                explained += await ExplainAsync(
                    "rolling restart", RoutableWhileEngaged, now, sample.FalseRoutable, sample.FalseRoutableExamples, clients[observer - 1], explained);
                explainedOffline += await ExplainAsync(
                    "rolling restart", OfflineWhileSignedIn, now, sample.FalseOffline, sample.FalseOfflineExamples, clients[observer - 1], explainedOffline);
                await Task.Delay(PollPeriod);
            }
        });

        for (var host = 1; host <= cluster.Hosts.Count; host++)
        {
            Progress.Say($"chaos: rolling restart, host {host}");
            Volatile.Write(ref restarting, host);
            if (host == await ChannelHostAsync())
            {
                Interlocked.Exchange(ref channelLostAtTicks, DateTimeOffset.UtcNow.UtcTicks);
            }

            await cluster.SignalAsync(host, "TERM");
            await cluster.WaitExitedAsync(host, TimeSpan.FromMinutes(1));
            await cluster.StartHostAsync(host);
            Volatile.Write(ref restarting, 0);
        }

        await stop.CancelAsync();
        await sampling;
        var seconds = clock.Elapsed.TotalSeconds;
        var settled = !double.IsNaN((await SettleAsync(TimeSpan.FromSeconds(60))).Seconds);
        return new RollingRestartFigures(cluster.Hosts.Count, seconds, worst, worstAgents, notConnected, moves, falseOffline, unheard, falseAvailableMs, settled, reads);
    }

    private async Task<FeedResumeFigures> ResumeAsync(SseFeedRecorder lostFeed, SseFeedRecorder liveFeed, HttpClient survivor)
    {
        await WaitAsync(() => lostFeed.Ended is not null, TimeSpan.FromSeconds(30), "the lost silo's feed to end");
        var lastSeen = lostFeed.Events[^1].Id!.Value;
        await lostFeed.DisposeAsync();
        await WaitAsync(() => liveFeed.Events[^1].Id > lastSeen, TimeSpan.FromSeconds(60), "the live feed past the lost one");
        var upTo = liveFeed.Events[^1].Id!.Value;
        await using var resumed = await SseFeedRecorder.OpenAsync(survivor, Tenant, lastSeen);
        await WaitAsync(() => resumed.Events.Count > 0 && resumed.Events[^1].Id >= upTo, TimeSpan.FromSeconds(60), "the resumed feed up to the live one");
        var replay = resumed.Events.Where(e => e.Id <= upTo).ToList();
        var live = liveFeed.Events;
        await liveFeed.DisposeAsync();
        var liveById = live.GroupBy(e => e.Id!.Value).ToDictionary(g => g.Key, g => g.First());
        var consecutive = replay.Select((e, i) => e.Id == lastSeen + 1 + i).All(ok => ok) && replay.Count == upTo - lastSeen;
        var matches = replay.Where(e => liveById.ContainsKey(e.Id!.Value)).All(e => liveById[e.Id!.Value].Data == e.Data);
        int gaps = 0, duplicates = 0;
        for (var i = 1; i < live.Count; i++)
        {
            if (live[i].Id > live[i - 1].Id + 1)
            {
                gaps++;
                var missing = $"{live[i - 1].Id + 1}–{live[i].Id - 1}";
                var inReplay = replay.Count(e => e.Id > live[i - 1].Id && e.Id < live[i].Id);
                Progress.Say($"chaos: the live client on a survivor went from id {live[i - 1].Id} to {live[i].Id} (ids {missing}; the resumed client got {inReplay} of them; the lost client's last was {lastSeen})");
            }

            duplicates += live[i].Id <= live[i - 1].Id ? 1 : 0;
        }

        return new FeedResumeFigures(lastSeen, replay.Count, consecutive, matches, live.Count, gaps, duplicates);
    }

    private IEnumerable<int> Running() => Enumerable.Range(1, cluster.Hosts.Count).Where(cluster.IsRunning);

    private static async Task WaitAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
