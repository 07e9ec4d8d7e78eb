namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// The garbage collector's pauses while a phase ran: the runtime keeps only its latest collection's record, so a thread
/// of its own reads it every millisecond and keeps each new one (collections between two reads are counted, not timed).
/// A latency tail of a few hundred milliseconds at a steady rate is either one long pause or queueing; this tells which.
/// </summary>
internal sealed class GcPauses : IDisposable
{
    private readonly Thread _reader;
    private readonly List<(int Generation, TimeSpan Pause)> _timed = [];
    private readonly int[] _collectionsAtStart = Collections();
    private readonly TimeSpan _pausedAtStart = GC.GetTotalPauseDuration();
    private readonly long _firstIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
    private volatile bool _stop;

    private GcPauses()
    {
        _reader = new Thread(Read) { IsBackground = true, Name = "gc-pauses", Priority = ThreadPriority.AboveNormal };
        _reader.Start();
    }

    public static GcPauses Start() => new();

    /// <summary>Stops reading and sums up.</summary>
    public GcPauseFigures Stop()
    {
        _stop = true;
        _reader.Join();
        var collections = Collections().Zip(_collectionsAtStart, (now, then) => now - then).ToArray();
        var longest = _timed.Count == 0 ? TimeSpan.Zero : _timed.Max(t => t.Pause);
        return new GcPauseFigures(collections[0], collections[1], collections[2], (GC.GetTotalPauseDuration() - _pausedAtStart).TotalMilliseconds,
            longest.TotalMilliseconds, _timed.Count(t => t.Pause >= TimeSpan.FromMilliseconds(50)), _timed.Count);
    }

    public void Dispose()
    {
        _stop = true;
        _reader.Join();
    }

    private void Read()
    {
        var last = _firstIndex;
        while (!_stop)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != last)
            {
                last = info.Index;
                foreach (var pause in info.PauseDurations)
                {
                    if (pause > TimeSpan.Zero)
                    {
                        _timed.Add((info.Generation, pause));
                    }
                }
            }

            Thread.Sleep(1);
        }
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
}

/// <summary>What <see cref="GcPauses"/> saw: collections by generation (a gen 1 collection counts in gen 0 too), the total pause, and the timed pauses.</summary>
internal sealed record GcPauseFigures(int Gen0, int Gen1, int Gen2, double PausedMs, double LongestMs, int AtLeast50Ms, int Timed);
