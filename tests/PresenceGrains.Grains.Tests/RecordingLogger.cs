using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PresenceGrains.Grains.Tests;

/// <summary>Keeps the formatted messages logged to it, for tests that read what a part said it did.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => _messages.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue(formatter(state, exception));
}
