using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An outgoing call filter in the test silos: it records every call one presence grain makes to another (which grain
/// class, which interface method, awaited or one-way), and can refuse every memory-stream write as a full queue would,
/// or lose it as a queue on a dead silo does.
/// Static, because the silos of a <c>TestCluster</c> share this process with the tests (a collection runs its tests one
/// at a time, so a refusal touches no other test).
/// </summary>
public sealed class GrainCallRecorder : IOutgoingGrainCallFilter
{
    /// <summary>Calls seen: (caller class, callee class, method, one-way).</summary>
    public static ConcurrentDictionary<(string From, string To, string Method, bool OneWay), int> Calls { get; } = new();

    /// <summary>The activation of every presence grain seen making a call: a test can deactivate one as the runtime would.</summary>
    public static ConcurrentDictionary<GrainId, IGrainContext> Callers { get; } = new();

    /// <summary>Calls to these grains (by key) fail as a call that timed out would, this many more times each.</summary>
    public static ConcurrentDictionary<string, int> FailCallsTo { get; } = new(StringComparer.Ordinal);

    /// <summary>While true, stream writes are refused.</summary>
    public static volatile bool RefuseStreamWrites;

    /// <summary>
    /// While true, stream writes are taken and thrown away, as a memory stream queue that died with its silo takes them:
    /// the publisher hears they were taken, and no subscriber ever gets them.
    /// </summary>
    public static volatile bool DropStreamWrites;

    private static int _refused;
    private static int _dropped;

    /// <summary>How many stream writes were dropped so far.</summary>
    public static int Dropped => Volatile.Read(ref _dropped);

    /// <summary>How many stream writes were refused so far.</summary>
    public static int Refused => Volatile.Read(ref _refused);

    private static readonly Assembly Grains = typeof(Agents.AgentGrain).Assembly;
    private static readonly ConcurrentDictionary<Type, string?> Implementations = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var caller = context.SourceContext?.GrainInstance;
        var called = context.InterfaceMethod?.DeclaringType;
        if (caller is not null && called is not null && caller.GetType().Assembly == Grains && ImplementationOf(called) is { } callee)
        {
            var oneWay = context.InterfaceMethod?.GetCustomAttribute<OneWayAttribute>() is not null;
            Calls.AddOrUpdate((caller.GetType().Name, callee, context.InterfaceMethod?.Name ?? "?", oneWay), 1, (_, n) => n + 1);
            Callers[context.SourceContext!.GrainId] = context.SourceContext;
        }

        var target = context.TargetId.Key.ToString();
        if (target is not null && FailCallsTo.TryGetValue(target, out var left) && left > 0 && FailCallsTo.TryUpdate(target, left - 1, left))
        {
            throw new TimeoutException($"The call to {target} timed out (failed by the test).");
        }

        if (RefuseStreamWrites && called?.Name.Contains("StreamQueue", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _refused);
            throw new InvalidOperationException("The queue is full (refused by the test).");
        }

        if (DropStreamWrites && called?.Name.Contains("StreamQueue", StringComparison.Ordinal) == true && context.InterfaceMethod?.Name == "Enqueue")
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        await context.Invoke();
    }

    /// <summary>The presence grain class behind an interface; null for Orleans' own grains and system targets.</summary>
    private static string? ImplementationOf(Type interfaceType) => Implementations.GetOrAdd(interfaceType, static i =>
        Grains.GetTypes().SingleOrDefault(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t) && i.IsAssignableFrom(t))?.Name);
}
