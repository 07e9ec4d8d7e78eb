using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Soak;

/// <summary>
/// Compares each agent's published timeline (arrival times at the subscriber) with its truth timeline, window by
/// window, in one sweep over both.
/// </summary>
internal sealed class SoakScorer
{
    /// <summary>A truth change takes this long to be delivered at most before its absence counts (the decisions' delivery bound D).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>A truth state shorter than the hold window plus the grace may legitimately never be shown.</summary>
    public static readonly TimeSpan MustShowAfter = TimeSpan.FromMilliseconds(500) + Grace;

    private const int KeptExamples = 10;

    private readonly IReadOnlyList<SoakWindow> _windows;
    private readonly Tally[] _tallies;

    public SoakScorer(IReadOnlyList<SoakWindow> windows)
    {
        _windows = windows;
        _tallies = [.. windows.Select(_ => new Tally())];
    }

    /// <summary>Adds one agent: its truth transitions and its publications (each with its arrival time), the first of each at or before the record's start.</summary>
    public void Add(string agentId, IReadOnlyList<Transition> truth, IReadOnlyList<(DateTimeOffset At, AgentState State, bool OffersCalls)> shown)
    {
        var start = _windows[0].From;
        var end = _windows[^1].To;
        var points = truth.Select(t => t.At).Concat(shown.Select(s => s.At)).Concat(_windows.Select(w => w.From)).Append(end)
            .Where(t => t >= start && t <= end).Distinct().Order().ToList();

        int ti = 0, si = 0;
        var segment = new Segment(truth[0].At, truth[0].State, truth[0].State == shown[0].State ? start : null, Judged: false);
        DateTimeOffset? engagedSince = DesignComposite.IsEngaged(truth[0].State) ? start : null;
        DateTimeOffset? offlineSince = truth[0].State == AgentState.Offline ? start : null;
        for (var p = 0; p < points.Count - 1; p++)
        {
            var (from, to) = (points[p], points[p + 1]);
            while (ti + 1 < truth.Count && truth[ti + 1].At <= from)
            {
                ti++;
                Close(agentId, segment, truth[ti].At);
                var state = truth[ti].State;
                engagedSince = DesignComposite.IsEngaged(state) ? engagedSince ?? truth[ti].At : null;
                offlineSince = state == AgentState.Offline ? offlineSince ?? truth[ti].At : null;
                segment = new Segment(truth[ti].At, state, null, Judged: true);
            }

            while (si + 1 < shown.Count && shown[si + 1].At <= from)
            {
                si++;
            }

            var now = shown[si];
            if (segment.MatchedAt is null && now.State == segment.State)
            {
                segment = segment with { MatchedAt = from };
            }

            var tally = _tallies[WindowAt(from)];
            var length = (to - from).TotalMilliseconds;
            tally.AgentMs += length;
            if (now.State != segment.State)
            {
                tally.MismatchMs += length;
            }

            if (now.OffersCalls && engagedSince is { } engaged)
            {
                tally.FalseAvailableMs += length;
                var beyond = Beyond(from, to, engaged + Grace);
                tally.FalseAvailableBeyondGraceMs += beyond;
                if (beyond > 0 && tally.FalseAvailableExamples.Count < KeptExamples)
                {
                    tally.FalseAvailableExamples.Add(
                        $"{agentId} shown Available+routable (since {now.At:HH:mm:ss.fff}) while truly {segment.State} (engaged since {engaged:HH:mm:ss.fff}): {beyond:N0} ms beyond grace from {from:HH:mm:ss.fff}");
                }
            }

            if (now.OffersCalls && offlineSince is { } offline)
            {
                tally.RoutableWhileOfflineBeyondGraceMs += Beyond(from, to, offline + Grace);
            }
        }

        Close(agentId, segment, end);
    }

    public IReadOnlyList<SoakScore> Scores() =>
        [.. _windows.Select((w, i) => _tallies[i].Score(w.Name)), Tally.Sum(_tallies).Score("whole soak")];

    private static double Beyond(DateTimeOffset from, DateTimeOffset to, DateTimeOffset after) =>
        Math.Max(0, (to - (from > after ? from : after)).TotalMilliseconds);

    private int WindowAt(DateTimeOffset at)
    {
        for (var i = _windows.Count - 1; i >= 0; i--)
        {
            if (at >= _windows[i].From)
            {
                return i;
            }
        }

        return 0;
    }

    private void Close(string agentId, Segment segment, DateTimeOffset end)
    {
        if (!segment.Judged)
        {
            return;
        }

        var tally = _tallies[WindowAt(segment.From)];
        tally.Transitions++;
        if (segment.MatchedAt is { } matched)
        {
            tally.Convergence.Add((matched - segment.From).TotalMilliseconds);
        }
        else if (end - segment.From >= MustShowAfter)
        {
            tally.Lost++;
            if (tally.LostExamples.Count < KeptExamples)
            {
                tally.LostExamples.Add($"{agentId} {segment.State} from {segment.From:HH:mm:ss.fff} for {(end - segment.From).TotalMilliseconds:N0} ms, never shown");
            }
        }
        else
        {
            tally.Superseded++;
        }
    }

    /// <summary>One truth state of one agent while it lasts; <see cref="MatchedAt"/> when the service first showed it.</summary>
    private sealed record Segment(DateTimeOffset From, AgentState State, DateTimeOffset? MatchedAt, bool Judged);

    private sealed class Tally
    {
        public double AgentMs { get; set; }

        public double FalseAvailableMs { get; set; }

        public double FalseAvailableBeyondGraceMs { get; set; }

        public double RoutableWhileOfflineBeyondGraceMs { get; set; }

        public double MismatchMs { get; set; }

        public int Transitions { get; set; }

        public int Lost { get; set; }

        public int Superseded { get; set; }

        public List<double> Convergence { get; } = [];

        public List<string> LostExamples { get; } = [];

        public List<string> FalseAvailableExamples { get; } = [];

        public static Tally Sum(IEnumerable<Tally> tallies)
        {
            var sum = new Tally();
            foreach (var t in tallies)
            {
                sum.AgentMs += t.AgentMs;
                sum.FalseAvailableMs += t.FalseAvailableMs;
                sum.FalseAvailableBeyondGraceMs += t.FalseAvailableBeyondGraceMs;
                sum.RoutableWhileOfflineBeyondGraceMs += t.RoutableWhileOfflineBeyondGraceMs;
                sum.MismatchMs += t.MismatchMs;
                sum.Transitions += t.Transitions;
                sum.Lost += t.Lost;
                sum.Superseded += t.Superseded;
                sum.Convergence.AddRange(t.Convergence);
                sum.LostExamples.AddRange(t.LostExamples.Take(KeptExamples - sum.LostExamples.Count));
                sum.FalseAvailableExamples.AddRange(t.FalseAvailableExamples.Take(KeptExamples - sum.FalseAvailableExamples.Count));
            }

            return sum;
        }

        public SoakScore Score(string window) => new(
            window, AgentMs / 3_600_000, FalseAvailableMs, FalseAvailableBeyondGraceMs, RoutableWhileOfflineBeyondGraceMs, MismatchMs, Transitions,
            LatencySummary.Of(Convergence), Lost, Superseded, LostExamples, FalseAvailableExamples);
    }
}
