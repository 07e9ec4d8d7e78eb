using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// An outgoing call filter in the test silos: it records every call one presence grain makes to another (which grain
/// class, which interface method, awaited or one-way), and can refuse the stream writes of chosen agents as a full queue
/// would. Static, because the silos of a <c>TestCluster</c> share this process with the tests.
/// </summary>
public sealed class GrainCallRecorder : IOutgoingGrainCallFilter
{
    /// <summary>Calls seen: (caller class, callee class, method, one-way).</summary>
    public static ConcurrentDictionary<(string From, string To, string Method, bool OneWay), int> Calls { get; } = new();

    /// <summary>Agent keys (<c>tenant/agentId</c>) whose stream writes are refused, with how many were.</summary>
    public static ConcurrentDictionary<string, int> RefusedStreamWrites { get; } = new(StringComparer.Ordinal);

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
        }

        if (caller is Agents.AgentGrain
            && called?.Name.Contains("StreamQueue", StringComparison.Ordinal) == true
            && context.SourceContext!.GrainId.Key.ToString() is { } key
            && RefusedStreamWrites.ContainsKey(key))
        {
            RefusedStreamWrites.AddOrUpdate(key, 1, (_, n) => n + 1);
            throw new InvalidOperationException("The queue is full (refused by the test).");
        }

        await context.Invoke();
    }

    /// <summary>The presence grain class behind an interface; null for Orleans' own grains and system targets.</summary>
    private static string? ImplementationOf(Type interfaceType) => Implementations.GetOrAdd(interfaceType, static i =>
        Grains.GetTypes().SingleOrDefault(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t) && i.IsAssignableFrom(t))?.Name);
}
