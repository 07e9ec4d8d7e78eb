using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>
/// <c>soak [--minutes 2] [--agents 200] [--smoke] [--out DIR]</c>: the service against a busy emulator while every fault
/// takes its turn; what was published is compared with the truth over time.
/// </summary>
internal static class SoakCommand
{
    private const double TimeScale = 0.1;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommandArguments.ForReport(args, "--minutes", "--agents", "--storage");
        var storage = BenchStorage.Parse(options);
        var smoke = options.Smoke;
        var minutes = options.Decimal("--minutes", smoke ? 0.25 : 2);
        var agentCount = (int)options.Number("--agents", smoke ? 40 : 200);
        var quiet = TimeSpan.FromSeconds(smoke ? 3 : 10);
        var rereadPeriod = TimeSpan.FromSeconds(smoke ? 3 : 10);
        var report = BenchmarkReport.For(storage.ReportName("soak"), storage.Title("Soak: every fault in turn, published presence against the truth"), args, subcommand: "soak");

        var unobserved = 0;
        TaskScheduler.UnobservedTaskException += (_, _) => Interlocked.Increment(ref unobserved);

        await using var emulator = await EmulatorServer.StartAsync(Options(agentCount));
        var agents = new AgentDirectory(emulator.Centre.Agents);
        // A re-read period the soak can wait for: the silent delta loss at the end is repaired only by it.
        await using var service = await ServiceUnderTest.StartAsync(emulator, storage, new Dictionary<string, string?>
        {
            ["Presence:Platform:AntiEntropyPeriod"] = rereadPeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Presence:Platform:AntiEntropyRestShare"] = "0.5",
        });
        await using var recorder = await PublicationRecorder.SubscribeAsync(service.Client, ServiceUnderTest.Tenant, agents);
        await using var channel = await ChannelRecorder.SubscribeAsync(service.Client, ServiceUnderTest.Tenant);
        await service.WatchAsync(agents.Agents);
        await recorder.RequireAsync(r => r.AgentsHeard == agentCount, TimeSpan.FromMinutes(2), "seeding every agent from REST");
        await service.WaitConnectedAsync(TimeSpan.FromMinutes(1));

        var start = DateTimeOffset.UtcNow;
        var initial = recorder.LatestOfEach();
        var from = recorder.Count;
        var truth = TruthRecorder.Start(emulator, agents, start);
        using var stop = new CancellationTokenSource();
        var following = truth.FollowAsync(stop.Token);

        var windows = await RunFaultsAsync(emulator, TimeSpan.FromMinutes(minutes), start);
        windows.Add(await HoldAsync("quiet: no fault", quiet));
        windows.Add(await SilentLossFigures.RunAsync(emulator, quiet));
        emulator.Centre.StopSimulation();
        var stoppedAt = DateTimeOffset.UtcNow;
        var settle = rereadPeriod + SoakScorer.MustShowAfter + SoakScorer.MustShowAfter;
        windows.Add(await HoldAsync("settled: simulation stopped", settle > quiet ? settle : quiet));

        await stop.CancelAsync();
        await following;
        var health = await service.Connector.GetHealthAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var figures = Score(emulator, agents, truth, recorder, initial, from, windows, health, service.Log, unobserved, minutes, agentCount)
            with { SilentLoss = SilentLossFigures.Measure(emulator, agents, truth, recorder.From(0), stoppedAt, rereadPeriod), FirstWarnings = service.Log.FirstWarnings, Outages = [.. channel.Outages(windows[^1].To).Where(o => o.From >= start).Select(o => $"{o.From:HH:mm:ss.fff}–{o.To:HH:mm:ss.fff} ({(o.To - o.From).TotalMilliseconds:N0} ms)")] };
        Describe(report, figures);
        var folder = options.ReportFolder;
        var judged = figures.Scores.Take(figures.Scores.Count - 1).Where(s => s.Convergence.Count > 0).ToList();
        Charts.Bars(report, folder, "convergence", "Truth change → first publication of that level, by fault", "milliseconds",
            [.. judged.Select(s => Shorten(s.Window))],
            [("p50", [.. judged.Select(s => s.Convergence.P50)]), ("p99", [.. judged.Select(s => s.Convergence.P99)])],
            v => Format.Number(v, "N0"));
        report.Figures = figures;
        ReportWriter.Write(report, folder);
        return figures.UnobservedExceptions == 0 && figures.ServiceErrors == 0 ? 0 : 1;
    }

    private static EmulatorOptions Options(int agents)
    {
        var options = new EmulatorOptions { DeltaLogCapacity = 2_000_000 };
        options.Simulation.AgentCount = agents;
        options.Simulation.TimeScale = TimeScale;
        options.Simulation.LoginSpreadSeconds = 2;
        return options;
    }

    /// <summary>A clean baseline turn, then each fault in turn, repeated until the time is up.</summary>
    private static async Task<List<SoakWindow>> RunFaultsAsync(EmulatorServer emulator, TimeSpan length, DateTimeOffset start)
    {
        var turns = FaultSchedule.Turns(emulator);
        var turn = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, length.Ticks / (turns.Count + 1)));
        var windows = new List<SoakWindow> { await HoldAsync("baseline: no fault", turn, start) };
        for (var i = 0; DateTimeOffset.UtcNow - start < length; i = (i + 1) % turns.Count)
        {
            var fault = turns[i];
            Progress.Say($"soak: {fault.Name}");
            var on = DateTimeOffset.UtcNow;
            fault.SwitchOn();
            await Task.Delay(turn);
            fault.SwitchOff();
            windows.Add(new SoakWindow(fault.Name, on, DateTimeOffset.UtcNow));
        }

        return windows;
    }

    private static async Task<SoakWindow> HoldAsync(string name, TimeSpan length, DateTimeOffset? from = null)
    {
        Progress.Say($"soak: {name}");
        var start = from ?? DateTimeOffset.UtcNow;
        await Task.Delay(length);
        return new SoakWindow(name, start, DateTimeOffset.UtcNow);
    }

    private static SoakFigures Score(
        EmulatorServer emulator,
        AgentDirectory agents,
        TruthRecorder truth,
        PublicationRecorder recorder,
        Publication?[] initial,
        int from,
        IReadOnlyList<SoakWindow> windows,
        ChannelHealth health,
        LogCounter log,
        int unobserved,
        double minutes,
        int agentCount)
    {
        var start = windows[0].From;
        var published = recorder.From(from);
        var byAgent = published.GroupBy(p => p.Agent).ToDictionary(g => g.Key, g => g.ToList());
        var scorer = new SoakScorer(windows);
        for (var agent = 0; agent < agents.Count; agent++)
        {
            var first = initial[agent]!.Value;
            var shown = new List<SoakScorer.Shown> { new(start, first.State, first.OffersCalls, first.Freshness == Freshness.Fresh) };
            shown.AddRange(byAgent.GetValueOrDefault(agent, []).Select(p => new SoakScorer.Shown(p.ReceivedAt, p.State, p.OffersCalls, p.Freshness == Freshness.Fresh)));
            scorer.Add(agents.Agents[agent].AgentId, truth.Transitions[agent], shown);
        }

        var final = emulator.Centre.Truth().ToDictionary(t => t.AgentId, DesignComposite.Of);
        var unrepaired = recorder.LatestOfEach()
            .Select((p, agent) => (Id: agents.Agents[agent].AgentId, Shown: p))
            .Where(a => a.Shown is not { Freshness: Freshness.Fresh } shown || shown.State != final[a.Id])
            .Select(a => $"{a.Id}: shown {a.Shown?.State} ({a.Shown?.Freshness}), truth {final[a.Id]}")
            .ToList();
        return new SoakFigures(
            agentCount, minutes, TimeScale, truth.Transitions.Sum(t => t.Count - 1), published.Length, scorer.Scores(), unrepaired.Count,
            [.. unrepaired.Take(10)], unobserved, log.Errors, log.FirstErrors, health.Connection.ToString(), health.Reconnects,
            log.WarningsByCategory.ToDictionary(w => w.Key, w => w.Value));
    }

    private static void Describe(BenchmarkReport report, SoakFigures f)
    {
        var whole = f.Scores[^1];
        report.Headline("false Available beyond the 1 s delivery grace (routable while the truth is engaged)", $"{whole.FalseAvailableBeyondGraceMs:N0} ms", "0 ms",
            whole.FalseAvailableBeyondGraceMs == 0);
        report.Headline("truth states lost while the channel was up (lasted ≥ 1.5 s, never shown while true)", Format.Count(whole.Lost), "0", whole.Lost == 0);
        report.Headline("truth states wholly inside a channel outage (Reconnecting shown, then the snapshot's state)", Format.Count(whole.LostInOutage), "–", null);
        report.Headline("agents never repaired (after the quiet end)", Format.Count(f.NeverRepaired), "0", f.NeverRepaired == 0);
        report.Headline("convergence p99, changes made while the channel was up", Format.Ms(whole.ConvergenceWhileUp.P99), "≤ 1 s", whole.ConvergenceWhileUp.P99 <= 1000);
        report.Headline("convergence p99, every change (outages included)", Format.Ms(whole.Convergence.P99), "≤ 1 s", whole.Convergence.P99 <= 1000);
        report.Headline("crashes: unobserved task exceptions / service errors logged / channel at the end", $"{f.UnobservedExceptions} / {f.ServiceErrors} / {f.FinalConnection}",
            "0 / 0 / Connected", f.UnobservedExceptions == 0 && f.ServiceErrors == 0 && f.FinalConnection == nameof(ChannelConnection.Connected));

        if (f.SilentLoss is { } loss)
        {
            report.Headline($"agents left wrong one re-read period ({Format.Seconds(loss.RereadPeriod)}) after silent delta loss", Format.Count(loss.LeftWrongAfterOnePeriod), "0",
                loss.LeftWrongAfterOnePeriod == 0);
            report.Table($"Silent delta loss ({SilentLossFigures.LossProbability:P0} of deltas dropped, heartbeats continue; re-read period {Format.Seconds(loss.RereadPeriod)})",
                    "agents wrong after delivery", "stayed wrong p50", "p99", "max", "left wrong after one period")
                .Add([Format.Count(loss.WrongAfterDelivery), loss.StayedWrong.Count == 0 ? "–" : Format.Ms(loss.StayedWrong.P50),
                    loss.StayedWrong.Count == 0 ? "–" : Format.Ms(loss.StayedWrong.P99), loss.StayedWrong.Count == 0 ? "–" : Format.Ms(loss.StayedWrong.Max),
                    Format.Count(loss.LeftWrongAfterOnePeriod)]);
            if (loss.Examples.Count > 0)
            {
                report.Notes.Add("Left wrong after silent delta loss: " + string.Join("; ", loss.Examples));
            }
        }

        SoakScoreTable.Add(report, "By fault (each row: what happened while that fault was on)", f.Scores);

        report.Notes.Add($"{f.Agents} agents (one to three devices each, as the emulator draws them) living a simulated day at TimeScale {f.TimeScale} (ten times " +
            $"faster than life), {Format.Count(f.TruthTransitions)} truth transitions and {Format.Count(f.Publications)} publications in {f.Minutes:0.##} minutes of " +
            $"faults plus the quiet end. The channel reconnected {f.Reconnects} times; outages seen on the channel-health stream: " +
            (f.Outages.Count == 0 ? "none" : string.Join(", ", f.Outages)) + ".");
        report.Notes.Add("Truth: the emulator's delta log (every change it made, stamped with the moment its source changed) replayed source by source from a " +
            "snapshot of the truth, resolved by the design rule (declared level raised by device engagement only). Shown: every publication on the tenant " +
            "stream, at the moment the subscriber received it. So every figure includes the whole path: the emulator's scheduler tick (20 ms), the socket, " +
            "the grains, the stream.");
        report.Notes.Add("False Available counts only Available *and routable*: while the channel is lost the service shows Stale/Reconnecting with routable = false, " +
            "which is not a false Available. The raw figure includes each raise's own delivery time (the truth is engaged a few ms before any service can " +
            "know it); the grace figure counts only beyond 1 s of continuous engagement, the decisions doc's delivery bound D.");
        report.Notes.Add("Mismatch includes every lowering's 500 ms hold window by design, and the whole of every channel outage. A truth state that ends before " +
            "the hold window plus the grace (1.5 s) may be superseded and never shown, by design; a longer one never shown while true is lost — unless the " +
            "channel was down (Stale or Reconnecting shown) for all of it, when no client could have seen it and the snapshot after the reconnect shows the " +
            "state true by then. A row counts what began during that fault's turn; an outage that a fault started (backoff, Retry-After) can run into the " +
            "next turn.");
        if (f.NeverRepairedExamples.Count > 0)
        {
            report.Notes.Add("Not repaired at the end: " + string.Join("; ", f.NeverRepairedExamples));
        }

        foreach (var s in f.Scores.Take(f.Scores.Count - 1).Where(s => s.FalseAvailableExamples.Count > 0))
        {
            report.Notes.Add($"False Available beyond grace under '{s.Window}', first examples: " + string.Join("; ", s.FalseAvailableExamples.Take(3)));
        }

        if (whole.LostExamples.Count > 0)
        {
            report.Notes.Add("Lost, first examples: " + string.Join("; ", whole.LostExamples));
        }

        if (f.FirstErrors.Count > 0)
        {
            report.Notes.Add("Service errors, first ones: " + string.Join("; ", f.FirstErrors));
        }

        report.Notes.Add("Warnings logged (expected under faults), by category: " +
            (f.Warnings.Count == 0 ? "none" : string.Join(", ", f.Warnings.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value}"))));
    }

    private static string Shorten(string window) => window.Split(' ', '(', ':')[0];
}
